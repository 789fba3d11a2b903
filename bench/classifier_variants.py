#!/usr/bin/env python
"""The variants of decision 0090 on the folds of ``bench/classifier.py`` (issue 9).

    python bench/classifier_variants.py                 # list the variants
    python bench/classifier_variants.py NAME [NAME …]   # macro-F1 mean ± std over the 5 folds
    python bench/classifier_variants.py --offsets       # per-class offsets, learnt on 4 folds

Decision 0105's variants that read unlabelled messages of the same board
(``messages-hot.csv`` and ``messages-replied.csv``: subject + detail) put them first in the form of
the labelled file (see ``unlabelled``); the labelled file itself is never changed.

Same folds as the bench (StratifiedKFold, 5, shuffled, seed 12345) on
``../shared/data/messages-labelled.csv``. Every view is fitted on the training part of a fold only;
jieba's words are cut once per text up front (unsupervised, per text). Ensembles add the
test-fold scores of their members (``a+b``: ``python … nbsvm+charonly``). CPU only, one process.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import jieba
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from jiesu.intelligence.text import normalise  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DATA = SHARED / "messages-labelled.csv"
#: unlabelled messages of the same board, and a few labelled ones as the board wrote them
UNLABELLED = [SHARED / "messages-hot.csv", SHARED / "messages-replied.csv"]
RAW_SAMPLE = SHARED / "messages-labelled-raw-sample.csv"


def load() -> tuple[list[str], np.ndarray, dict[str, list[list[str]]]]:
    import csv

    with DATA.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    clean = [normalise(r["text"]) for r in rows]
    jieba.setLogLevel(logging.WARNING)
    cut = {
        "hmm": [[w for w in jieba.lcut(t) if w.strip()] for t in clean],
        "nohmm": [[w for w in jieba.lcut(t, HMM=False) if w.strip()] for t in clean],
        "search": [[w for w in jieba.lcut_for_search(t) if w.strip()] for t in clean],
    }
    return clean, np.asarray([r["category"] for r in rows]), cut


def squeezed(text: str) -> str:
    return "".join(text.split())


def dropped_words() -> set[str]:
    """The words the labelled file's preparation left out (function words, punctuation, single
    digits), read off the raw sample: each raw message found in the labelled file (same first ten
    characters) is cut by jieba and walked against its labelled form; a word is dropped when it is
    missing at least three times and at least four times as often as it is kept."""
    import csv
    from collections import Counter

    with DATA.open(encoding="utf-8-sig", newline="") as handle:
        prepared = {squeezed(r["text"])[:10]: squeezed(r["text"]) for r in csv.DictReader(handle)}
    kept, dropped = Counter[str](), Counter[str]()
    with RAW_SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            target = prepared.get(squeezed(row["subject"])[:10])
            if target is None:
                continue
            at = 0
            for w in (w for w in jieba.lcut(row["subject"] + " " + row["detail"]) if w.strip()):
                if target.startswith(w, at):
                    kept[w] += 1
                    at += len(w)
                else:
                    dropped[w] += 1
    return {w for w, n in dropped.items() if n >= 3 and n >= 4 * kept[w]}


def unlabelled() -> list[str]:
    """The unlabelled messages in the labelled file's form: jieba's words without the dropped
    ones, joined, a space around Latin letters and digits; the messages whose first ten
    characters open a labelled message are left out, and repeats."""
    import csv
    import re

    drop = dropped_words()
    latin = re.compile(r"[0-9A-Za-z]")
    with DATA.open(encoding="utf-8-sig", newline="") as handle:
        openings = {squeezed(r["text"])[:10] for r in csv.DictReader(handle)}
    out = []
    for path in UNLABELLED:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if squeezed(row["subject"])[:10] in openings:
                    continue
                parts: list[str] = []
                for w in jieba.lcut(row["subject"] + " " + row["detail"]):
                    if w in drop or not any(c.isalnum() for c in w):
                        continue
                    if parts and (latin.match(w[0]) or latin.match(parts[-1][-1])):
                        parts.append(" ")
                    parts.append(w)
                out.append(normalise("".join(parts)))
    return [t for t in dict.fromkeys(out) if t]


CLEAN, LABELS, CUT = load() if __name__ == "__main__" else ([], np.zeros(0), {})
FOLDS = list(StratifiedKFold(5, shuffle=True, random_state=12345).split(CLEAN, LABELS))
#: indices of the unlabelled messages, appended to CLEAN and CUT when a variant asks for them
EXTRA: list[int] = []


def add_unlabelled() -> None:
    if EXTRA:
        return
    texts = unlabelled()
    print(f"unlabelled messages: {len(texts)}", flush=True)
    EXTRA.extend(range(len(CLEAN), len(CLEAN) + len(texts)))
    CLEAN.extend(texts)
    CUT["nohmm"].extend([w for w in jieba.lcut(t, HMM=False) if w.strip()] for t in texts)


def chars(lo: int, hi: int, cut: int | None = None) -> Callable[[int], list[str]]:
    def grams(i: int) -> list[str]:
        t = CLEAN[i][:cut] if cut else CLEAN[i]
        return [t[j : j + n] for n in range(lo, hi + 1) for j in range(len(t) - n + 1)]

    return grams


def words(
    key: str = "nohmm", bigrams: bool = True, trigrams: bool = False, cut: int | None = None
) -> Callable[[int], list[str]]:
    def grams(i: int) -> list[str]:
        w = CUT[key][i]
        if cut:
            ends = np.cumsum([len(x) for x in w])
            w = [x for x, e in zip(w, ends, strict=True) if e <= cut]
        out = list(w)
        if bigrams:
            out += [a + "_" + b for a, b in zip(w, w[1:], strict=False)]
        if trigrams:
            out += [a + "_" + b + "_" + c for a, b, c in zip(w, w[1:], w[2:], strict=False)]
        return out

    return grams


def view(grams: Callable[[int], list[str]], weight: float = 1.0, **options):
    kw = {"sublinear_tf": True, "min_df": 2, "dtype": np.float32} | options
    return lambda: TfidfVectorizer(analyzer=grams, **kw), weight


def nb_ratio(m, positive, alpha=1.0):
    present = m.copy()
    present.data[:] = 1
    p = np.asarray(present[positive].sum(0)).ravel() + alpha
    q = np.asarray(present[~positive].sum(0)).ravel() + alpha
    return np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)


def nbsvm(
    xtr,
    ytr,
    xte,
    c=1.0,
    alpha=1.0,
    loss="squared_hinge",
    model="svm",
    beta=1.0,
    class_weight=None,
    sample_weight=None,
):
    """``beta`` < 1 pulls the SVM's weights towards their mean magnitude (Wang & Manning's
    interpolation with naive Bayes); ``class_weight`` and ``sample_weight`` go to the SVM."""
    names = sorted(set(ytr))
    scores = np.zeros((xte.shape[0], len(names)))
    for i, name in enumerate(names):
        positive = ytr == name
        ratio = nb_ratio(xtr, positive, alpha)
        r = sparse.diags(ratio)
        fit = (
            LinearSVC(C=c, loss=loss, class_weight=class_weight)
            if model == "svm"
            else LogisticRegression(C=c, max_iter=2000)
        )
        fit.fit(xtr @ r, positive.astype(int), sample_weight=sample_weight)
        w = fit.coef_[0]
        if beta != 1.0:
            w = (1 - beta) * np.abs(w).mean() + beta * w
        scores[:, i] = xte @ (w * ratio) + fit.intercept_[0]
    return names, scores


def knn_blend(xtr, ytr, xte, k=10, weight=0.5):
    """NB-SVM scores plus ``weight`` × the similarity-weighted label shares of the ``k`` most
    cosine-similar training texts (near-duplicate evidence)."""
    names, scores = nbsvm(xtr, ytr, xte)
    norms = [
        sparse.diags(1 / np.sqrt(np.maximum(m.multiply(m).sum(1).A1, 1e-12))) for m in (xte, xtr)
    ]
    sim = ((norms[0] @ xte) @ (norms[1] @ xtr).T).toarray()
    near = np.argpartition(-sim, k, axis=1)[:, :k]
    w = np.take_along_axis(sim, near, 1)
    onehot = np.stack([ytr == n for n in names], 1).astype(float)
    votes = np.einsum("ik,ikc->ic", w, onehot[near]) / np.maximum(w.sum(1, keepdims=True), 1e-12)
    return names, scores + weight * votes


def pairs(xtr, ytr, xte, gap=0.25):
    """One-vs-rest NB-SVM; where its two best labels are within ``gap``, an NB-SVM trained on
    those two labels' texts only decides between them (``gap`` = inf: always)."""
    names, scores = nbsvm(xtr, ytr, xte)
    top = np.argsort(-scores, 1)[:, :2]
    ordered = np.sort(scores, 1)
    out = np.zeros_like(scores)
    out[np.arange(len(top)), top[:, 0]] = 1
    fitted: dict[tuple[int, int], tuple[np.ndarray, float]] = {}
    for i in np.flatnonzero(ordered[:, -1] - ordered[:, -2] <= gap):
        a, b = sorted(top[i])
        if (a, b) not in fitted:
            rows = (ytr == names[a]) | (ytr == names[b])
            positive = ytr[rows] == names[a]
            ratio = nb_ratio(xtr[rows], positive)
            svm = LinearSVC().fit(xtr[rows] @ sparse.diags(ratio), positive.astype(int))
            fitted[a, b] = (svm.coef_[0] * ratio, svm.intercept_[0])
        w, bias = fitted[a, b]
        out[i] = 0
        out[i, a if (xte[i] @ w)[0] + bias > 0 else b] = 1
    return names, out


def cleaned(xtr, ytr, xte, gap=1.5):
    """Training texts whose label scores ``gap`` below the best label in a 3-fold prediction
    inside the training part are left out (label noise), then NB-SVM."""
    names = sorted(set(ytr))
    inner = np.zeros((len(ytr), len(names)))
    for a, b in StratifiedKFold(3, shuffle=True, random_state=1).split(ytr, ytr):
        inner[b] = nbsvm(xtr[a], ytr[a], xtr[b])[1]
    given = np.searchsorted(names, ytr)
    keep = inner.max(1) - inner[np.arange(len(ytr)), given] <= gap
    return nbsvm(xtr[keep], ytr[keep], xte)


def self_trained(xtr, ytr, xte, xu=None, share=0.3, weight=0.3):
    """NB-SVM, then again with the ``share`` of the unlabelled texts it is surest of (widest
    margin between its two best labels) added with their predicted labels, each × ``weight``."""
    names, both = nbsvm(xtr, ytr, sparse.vstack([xte, xu]).tocsr())
    su = both[xte.shape[0] :]
    ordered = np.sort(su, 1)
    margin = ordered[:, -1] - ordered[:, -2]
    sure = margin >= np.quantile(margin, 1 - share)
    x = sparse.vstack([xtr, xu[sure]]).tocsr()
    y = np.concatenate([ytr, np.asarray(names)[su.argmax(1)][sure]])
    w = np.concatenate([np.ones(len(ytr)), np.full(int(sure.sum()), weight)])
    return nbsvm(x, y, xte, sample_weight=w)


def plain(estimator):
    def fit(xtr, ytr, xte):
        m = estimator().fit(xtr, ytr)
        s = m.predict_log_proba(xte) if hasattr(m, "predict_log_proba") else None
        return list(m.classes_), m.decision_function(xte) if s is None else s

    return fit


C12, HEAD = view(chars(1, 2)), view(chars(1, 2, 40), 0.5)
SHIPPED_0060 = [C12, HEAD, view(words("hmm"))]
SHIPPED_0090 = [C12, HEAD, view(words("nohmm", cut=1200))]
#: as shipped since 0090: words of the first 600 characters (``words-cut-600``)
SHIPPED = [C12, HEAD, view(words("nohmm", cut=600))]
COUNTS = {"use_idf": False, "norm": None}


def head_words(i: int) -> list[str]:
    w = words("nohmm", bigrams=False, cut=40)(i)
    return w + [a + "_" + b for a, b in zip(w, w[1:], strict=False)]


def char3(i: int) -> list[str]:
    return chars(3, 3)(i)


VARIANTS: dict[str, tuple[list, Callable, dict]] = {
    "shipped-0060": (SHIPPED_0060, nbsvm, {}),
    "shipped-0090": (SHIPPED_0090, nbsvm, {}),
    "c2": (SHIPPED_0060, nbsvm, {"c": 2.0}),
    "word-trigrams": ([C12, HEAD, view(words("hmm", trigrams=True))], nbsvm, {}),
    "nohmm": ([C12, HEAD, view(words("nohmm"))], nbsvm, {}),
    "search-mode": ([C12, HEAD, view(words("search"))], nbsvm, {}),
    "min-df-3": (
        [
            view(chars(1, 2), min_df=3),
            view(chars(1, 2, 40), 0.5, min_df=3),
            view(words("hmm"), min_df=3),
        ],
        nbsvm,
        {},
    ),
    "binary-tf": (
        [
            view(chars(1, 2), binary=True, sublinear_tf=False),
            view(chars(1, 2, 40), 0.5, binary=True, sublinear_tf=False),
            view(words("hmm"), binary=True, sublinear_tf=False),
        ],
        nbsvm,
        {},
    ),
    "nb-lr": (SHIPPED_0060, nbsvm, {"model": "lr", "c": 10.0}),
    "head-60": ([C12, view(chars(1, 2, 60), 0.5), view(words("hmm"))], nbsvm, {}),
    "char13": ([view(chars(1, 3)), view(chars(1, 3, 40), 0.5), view(words("nohmm"))], nbsvm, {}),
    "cnb": (
        [view(chars(1, 3), **COUNTS), view(words("nohmm"), **COUNTS)],
        plain(lambda: ComplementNB(alpha=0.3)),
        {},
    ),
    "svm": ([view(chars(1, 3)), HEAD, view(words("nohmm"))], plain(lambda: LinearSVC(C=0.5)), {}),
    "lr": (
        [C12, HEAD, view(words("nohmm"))],
        plain(lambda: LogisticRegression(C=30.0, max_iter=300)),
        {},
    ),
    "sgd": (
        [C12, HEAD, view(words("nohmm"))],
        plain(
            lambda: SGDClassifier(
                loss="modified_huber", alpha=2e-5, max_iter=50, tol=None, random_state=0
            )
        ),
        {},
    ),
    "words-char23": ([view(words("nohmm")), view(chars(2, 3), 0.5)], nbsvm, {}),
    "words-cut-600": ([C12, HEAD, view(words("nohmm", cut=600))], nbsvm, {}),
    "alpha-2": ([C12, HEAD, view(words("nohmm"))], nbsvm, {"alpha": 2.0}),
    "hinge": ([C12, HEAD, view(words("nohmm"))], nbsvm, {"loss": "hinge"}),
    "words-x1.4": ([C12, HEAD, view(words("nohmm"), 1.4)], nbsvm, {}),
    "head-words": ([C12, HEAD, view(words("nohmm")), view(head_words, 0.5)], nbsvm, {}),
    "char3-x0.5": ([C12, HEAD, view(words("nohmm")), view(char3, 0.5)], nbsvm, {}),
    "charonly": ([C12, HEAD], nbsvm, {}),
    "wordsonly": ([view(words("nohmm")), HEAD], nbsvm, {}),
    # decision 0105: on the shipped views (words of the first 600 characters)
    "c0.5": (SHIPPED, nbsvm, {"c": 0.5}),
    "nb-interp-0.75": (SHIPPED, nbsvm, {"beta": 0.75}),
    "nb-interp-0.5": (SHIPPED, nbsvm, {"beta": 0.5}),
    "balanced": (SHIPPED, nbsvm, {"class_weight": "balanced"}),
    "alpha-0.5": (SHIPPED, nbsvm, {"alpha": 0.5}),
    "knn-10": (SHIPPED, knn_blend, {}),
    "knn-20": (SHIPPED, knn_blend, {"k": 20, "weight": 0.25}),
    "pairs": (SHIPPED, pairs, {}),
    "pairs-always": (SHIPPED, pairs, {"gap": np.inf}),
    "cleaned-1.5": (SHIPPED, cleaned, {}),
    "cleaned-1.0": (SHIPPED, cleaned, {"gap": 1.0}),
    "unlabelled-idf": (SHIPPED, nbsvm, {"unlabelled": "vocabulary"}),
    "self-training": (SHIPPED, self_trained, {"unlabelled": "own"}),
    "self-training-all": (SHIPPED, self_trained, {"unlabelled": "own", "share": 1.0}),
}


def fold_scores(name: str) -> tuple[list[str], list[np.ndarray]]:
    """``unlabelled`` in a variant's options: "vocabulary" fits the views (vocabulary, idf) on
    the training part and the unlabelled texts; "own" fits them on the training part and hands
    the unlabelled texts' features to the fit as ``xu``."""
    views, fit, options = VARIANTS[name]
    options = dict(options)
    use = options.pop("unlabelled", None)
    if use:
        add_unlabelled()
    names, out = [], []
    for train, test in FOLDS:
        xtr, xte, xu = [], [], []
        for make, weight in views:
            vectorizer = make()
            if use == "vocabulary":
                vectorizer.fit(np.concatenate([train, EXTRA]))
                xtr.append(weight * vectorizer.transform(train))
            else:
                xtr.append(weight * vectorizer.fit_transform(train))
            xte.append(weight * vectorizer.transform(test))
            if use == "own":
                xu.append(weight * vectorizer.transform(EXTRA))
        if xu:
            options["xu"] = sparse.hstack(xu).tocsr()
        names, s = fit(
            sparse.hstack(xtr).tocsr(), LABELS[train], sparse.hstack(xte).tocsr(), **options
        )
        out.append(s)
    return names, out


def f1s(names, scores) -> list[float]:
    return [
        float(f1_score(LABELS[test], np.asarray(names)[s.argmax(1)], average="macro"))
        for (_, test), s in zip(FOLDS, scores, strict=True)
    ]


def offsets(names, scores) -> list[float]:
    """Per-class offsets added to the scores, chosen on four folds' scores for macro-F1
    (coordinate search), read on the fifth."""
    names, out = np.asarray(names), []
    for k, (_, test) in enumerate(FOLDS):
        s = np.vstack([scores[j] for j in range(5) if j != k])
        y = np.concatenate([LABELS[FOLDS[j][1]] for j in range(5) if j != k])
        b = np.zeros(len(names))
        best = f1_score(y, names[s.argmax(1)], average="macro")
        for _ in range(3):
            for j in range(len(names)):
                for g in np.linspace(-0.5, 0.5, 41):
                    t = b.copy()
                    t[j] = g
                    f = f1_score(y, names[(s + t).argmax(1)], average="macro")
                    if f > best + 1e-9:
                        best, b = f, t
        out.append(float(f1_score(LABELS[test], names[(scores[k] + b).argmax(1)], average="macro")))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--offsets", action="store_true")
    args = parser.parse_args()
    if not args.names and not args.offsets:
        print("\n".join(VARIANTS))
        return
    for spec in args.names + (["nohmm"] if args.offsets else []):
        cpu = time.process_time()
        parts = [fold_scores(n) for n in spec.split("+")]
        names = parts[0][0]
        scores = [sum(p[1][k] for p in parts) for k in range(5)]
        f = offsets(names, scores) if args.offsets else f1s(names, scores)
        label = spec + (" + offsets" if args.offsets else "")
        print(
            f"{label}: {statistics.mean(f):.4f} ± {statistics.pstdev(f):.4f} "
            f"folds {[round(x, 4) for x in f]} ({time.process_time() - cpu:.0f} s CPU)",
            flush=True,
        )


if __name__ == "__main__":
    main()
