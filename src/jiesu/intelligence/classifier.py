"""The category classifier: TF-IDF features of the whole text and of its head (the subject, where
the matter is named) as character 1–2-grams, and of its jieba words, and a linear SVM per category
on those features scaled by the category's naive-Bayes log-count ratio (NB-SVM). Pure: no
database, no files. A prediction computes the features by hand from each view's vocabulary and
idf (no sklearn at prediction) and gathers only their rows of the weights.

Decisions 0024, 0045, 0060 and 0090 say why this model and what it scores on held-out real
messages."""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.svm import LinearSVC

from jiesu.intelligence.text import normalise

#: the bundle format; a stored model of another format is not used (it is retrained)
FORMAT = 3
HEAD_CHARS = 40
#: the words view reads the first 600 characters only (86 % of messages are shorter): the
#: cut costs ~3 µs a character, and F1 on the bench's folds is the same (decision 0090)
WORDS_CHARS = 600
#: a feature seen in fewer training texts is dropped
MIN_DF = 2
HEAD_WEIGHT = 0.5
#: the scale of the decision scores before the softmax that turns them into confidences
CONFIDENCE_SCALE = 3.0
#: the SVM's regularisation and the naive-Bayes smoothing of the log-count ratios
SVM_C = 1.0
NB_ALPHA = 1.0


def char_grams(text: str) -> list[str]:
    """Character 1- and 2-grams, in the order sklearn's ``char`` analyzer gives them."""
    return list(text) + [text[i : i + 2] for i in range(len(text) - 1)]


def head_grams(text: str) -> list[str]:
    """The character 1–2-grams of the head: the subject, where the matter is named."""
    return char_grams(text[:HEAD_CHARS])


def segmenter() -> Any:
    """jieba's tokenizer, its dictionary loaded once per process (shipped in the package)."""
    import jieba

    if not jieba.dt.initialized:
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
    return jieba.dt


def word_grams(text: str) -> list[str]:
    """jieba's words (dictionary words only, no HMM guesses) of the first ``WORDS_CHARS``
    characters, and word bigrams."""
    words = [w for w in segmenter().lcut(text[:WORDS_CHARS], HMM=False) if w.strip()]
    return words + [a + "_" + b for a, b in zip(words, words[1:], strict=False)]


@dataclass
class View:
    """One TF-IDF view (sublinear tf, idf, L2 norm, × ``weight``) with its fitted vocabulary.
    ``row`` computes a text's features by hand: sklearn's vectorizer machinery costs more than
    the features themselves on a single text. ``test_classifier`` checks they are the same."""

    analyzer: Callable[[str], list[str]]
    weight: float
    vocabulary: dict[str, int] = field(default_factory=dict)
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        vectorizer = TfidfVectorizer(
            analyzer=self.analyzer, sublinear_tf=True, min_df=MIN_DF, dtype=np.float64
        )
        matrix = vectorizer.fit_transform(texts)
        self.vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
        self.idf = vectorizer.idf_.astype(np.float64)
        return (self.weight * matrix).astype(np.float32)

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The columns and values of the text's features in this view."""
        counts = Counter(self.analyzer(text))
        found = np.fromiter(map(self.vocabulary.get, counts, repeat(-1)), np.intp, len(counts))
        known = found >= 0
        cols = found[known]
        n = np.fromiter(counts.values(), np.float64, len(counts))[known]
        values = (np.log(n) + 1.0) * self.idf[cols]
        norm = math.sqrt(float(values @ values))
        return cols, values * (self.weight / norm) if norm else values

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        rows = [self.row(t) for t in texts]
        indptr = np.cumsum([0] + [len(c) for c, _ in rows])
        return sparse.csr_matrix(
            (
                np.concatenate([v for _, v in rows] or [np.zeros(0)]).astype(np.float32),
                np.concatenate([c for c, _ in rows] or [np.zeros(0, dtype=np.intp)]),
                indptr,
            ),
            shape=(len(texts), len(self.vocabulary)),
        )


def views() -> list[View]:
    """The views, fitted together, stacked side by side: the whole text, its head, its words."""
    return [View(char_grams, 1.0), View(head_grams, HEAD_WEIGHT), View(word_grams, 1.0)]


@dataclass
class Classifier:
    """One linear scorer per label over the stacked views: ``scores = x · weights + bias``.
    The NB ratios are folded into the weights (features × labels, row-major: a text's features
    pick rows), so prediction is a gather and one small product."""

    views: list[View]
    weights: np.ndarray  # features × labels, float32, C order
    bias: np.ndarray  # labels
    labels: list[str]

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return sparse.hstack([view.transform(texts) for view in self.views]).tocsr()

    def row_scores(self, text: str) -> np.ndarray:
        columns, values, offset = [], [], 0
        for view in self.views:
            cols, vals = view.row(text)
            columns.append(cols + offset)
            values.append(vals)
            offset += len(view.vocabulary)
        return np.concatenate(values) @ self.weights[np.concatenate(columns)] + self.bias

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        clean = [normalise(t) for t in texts]
        out = np.empty((len(clean), len(self.labels)), dtype=np.float64)
        for i, text in enumerate(clean):
            out[i] = self.row_scores(text)
        return out

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.labels[i] for i in self.scores(texts).argmax(axis=1)]

    def rank(self, text: str, top: int = 3) -> list[tuple[str, float]]:
        """The ``top`` labels with a confidence each (a softmax of the scaled scores)."""
        row = self.scores([text])[0] * CONFIDENCE_SCALE
        exp = np.exp(row - row.max())
        probs = exp / exp.sum()
        order = np.argsort(-probs)[:top]
        return [(self.labels[i], round(float(probs[i]), 3)) for i in order]


def nb_ratio(
    matrix: sparse.csr_matrix, positive: np.ndarray, alpha: float = NB_ALPHA
) -> np.ndarray:
    """log((p / |p|₁) / (q / |q|₁)) with p, q the smoothed feature presence counts of the
    positive and the other rows: how much more a feature says "this label" than "another"."""
    present = matrix.copy()
    present.data[:] = 1
    p = np.asarray(present[positive].sum(axis=0)).ravel() + alpha
    q = np.asarray(present[~positive].sum(axis=0)).ravel() + alpha
    return np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)


def fit_linear(
    matrix: sparse.csr_matrix, labels: Sequence[str], *, c: float = SVM_C
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """One-vs-rest NB-SVM: per label, a linear SVM on the features scaled by the label's NB
    ratio; the ratio folded back into the weights."""
    y = np.asarray(labels)
    names = sorted(set(labels))
    weights = np.zeros((len(names), matrix.shape[1]), dtype=np.float32)
    bias = np.zeros(len(names), dtype=np.float64)
    for i, name in enumerate(names):
        positive = y == name
        ratio = nb_ratio(matrix, positive)
        svm = LinearSVC(C=c)
        svm.fit(matrix @ sparse.diags(ratio), positive.astype(int))
        weights[i] = svm.coef_[0] * ratio
        bias[i] = svm.intercept_[0]
    return weights, bias, names


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    progress: Callable[[str], None] = lambda step: None,
) -> Classifier:
    if len(set(labels)) < 2:
        raise ValueError(_("至少需要两个类别的已分类工单才能训练。"))
    progress(_("规范化文本"))
    clean = [normalise(t) for t in texts]
    progress(_("提取特征"))
    fitted = views()
    matrix = sparse.hstack([view.fit_transform(clean) for view in fitted]).tocsr()
    progress(_("训练线性SVM"))
    weights, bias, names = fit_linear(matrix, [str(label) for label in labels])
    return Classifier(
        views=fitted, weights=np.ascontiguousarray(weights.T), bias=bias, labels=names
    )


def evaluate(model: Classifier, texts: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """``{"macro_f1", "accuracy", "n", "per_class": {label: {precision, recall, f1, n}}}``."""
    started = time.perf_counter()
    predicted = model.predict(texts)
    seconds = time.perf_counter() - started
    names = sorted(set(labels) | set(predicted))
    p, r, f, n = precision_recall_fscore_support(labels, predicted, labels=names, zero_division=0)
    return {
        "macro_f1": round(float(f1_score(labels, predicted, average="macro")), 4),
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "n": len(labels),
        "ms_per_text": round(1000 * seconds / max(len(labels), 1), 3),
        "per_class": {
            name: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "n": int(n[i]),
            }
            for i, name in enumerate(names)
        },
    }


def held_out_split(n: int, share: float = 0.2, seed: int = 12345) -> tuple[list[int], list[int]]:
    """A fixed random split of ``n`` rows into (train, held-out) indices."""
    order = np.random.default_rng(seed).permutation(n)
    cut = n - max(1, math.floor(n * share))
    return sorted(order[:cut].tolist()), sorted(order[cut:].tolist())
