#!/usr/bin/env python
"""The variants of decision 0090 on the folds of ``bench/classifier.py`` (issue 9).

    python bench/classifier_variants.py                 # list the variants
    python bench/classifier_variants.py NAME [NAME …]   # macro-F1 mean ± std over the 5 folds
    python bench/classifier_variants.py --offsets       # per-class offsets, learnt on 4 folds

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

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "messages-labelled.csv"


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


CLEAN, LABELS, CUT = load() if __name__ == "__main__" else ([], np.zeros(0), {})
FOLDS = list(StratifiedKFold(5, shuffle=True, random_state=12345).split(CLEAN, LABELS))


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


def nbsvm(xtr, ytr, xte, c=1.0, alpha=1.0, loss="squared_hinge", model="svm"):
    names = sorted(set(ytr))
    scores = np.zeros((xte.shape[0], len(names)))
    for i, name in enumerate(names):
        positive = ytr == name
        r = sparse.diags(nb_ratio(xtr, positive, alpha))
        fit = (
            LinearSVC(C=c, loss=loss) if model == "svm" else LogisticRegression(C=c, max_iter=2000)
        )
        fit.fit(xtr @ r, positive.astype(int))
        scores[:, i] = fit.decision_function(xte @ r)
    return names, scores


def plain(estimator):
    def fit(xtr, ytr, xte):
        m = estimator().fit(xtr, ytr)
        s = m.predict_log_proba(xte) if hasattr(m, "predict_log_proba") else None
        return list(m.classes_), m.decision_function(xte) if s is None else s

    return fit


C12, HEAD = view(chars(1, 2)), view(chars(1, 2, 40), 0.5)
SHIPPED_0060 = [C12, HEAD, view(words("hmm"))]
SHIPPED_0090 = [C12, HEAD, view(words("nohmm", cut=1200))]
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
}


def fold_scores(name: str) -> tuple[list[str], list[np.ndarray]]:
    views, fit, options = VARIANTS[name]
    names, out = [], []
    for train, test in FOLDS:
        xtr, xte = [], []
        for make, weight in views:
            vectorizer = make()
            xtr.append(weight * vectorizer.fit_transform(train))
            xte.append(weight * vectorizer.transform(test))
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
