"""The category classifier: TF-IDF features of the whole text and of its head (the subject, where
the matter is named) as character 1–2-grams, and of its jieba words, and a linear SVM per category
on those features scaled by the category's naive-Bayes log-count ratio (NB-SVM). Pure: no
database, no files.

Decisions 0024, 0045 and 0060 say why this model and what it scores on held-out real messages."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.svm import LinearSVC

from jiesu.intelligence.text import normalise

#: the bundle format; a stored model of another format is not used (it is retrained)
FORMAT = 2
HEAD_CHARS = 40
HEAD_WEIGHT = 0.5
#: the scale of the decision scores before the softmax that turns them into confidences
CONFIDENCE_SCALE = 3.0
#: the SVM's regularisation and the naive-Bayes smoothing of the log-count ratios
SVM_C = 1.0
NB_ALPHA = 1.0


def _head(text: str) -> str:
    return text[:HEAD_CHARS]


def segmenter() -> Any:
    """jieba's tokenizer, its dictionary loaded once per process (shipped in the package)."""
    import jieba

    if not jieba.dt.initialized:
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
    return jieba.dt


def _words(text: str) -> list[str]:
    """Words and word bigrams."""
    words = [w for w in segmenter().lcut(text) if w.strip()]
    return words + [a + "_" + b for a, b in zip(words, words[1:], strict=False)]


@dataclass
class Features:
    """The three views of a text, fitted together, stacked side by side."""

    whole: TfidfVectorizer = field(
        default_factory=lambda: TfidfVectorizer(
            analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=2, dtype=np.float32
        )
    )
    head: TfidfVectorizer = field(
        default_factory=lambda: TfidfVectorizer(
            analyzer="char",
            ngram_range=(1, 2),
            sublinear_tf=True,
            min_df=2,
            preprocessor=_head,
            dtype=np.float32,
        )
    )
    words: TfidfVectorizer = field(
        default_factory=lambda: TfidfVectorizer(
            analyzer=_words, sublinear_tf=True, min_df=2, dtype=np.float32
        )
    )

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self._stack(
            self.whole.fit_transform(texts),
            self.head.fit_transform(texts),
            self.words.fit_transform(texts),
        )

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self._stack(
            self.whole.transform(texts), self.head.transform(texts), self.words.transform(texts)
        )

    @staticmethod
    def _stack(whole, head, words) -> sparse.csr_matrix:
        return sparse.hstack([whole, HEAD_WEIGHT * head, words]).tocsr()


@dataclass
class Classifier:
    """One linear scorer per label over the stacked features: ``scores = X · weightsᵀ + bias``.
    The NB ratios are folded into the weights, so prediction is one sparse product."""

    features: Features
    weights: np.ndarray  # labels × features, float32
    bias: np.ndarray  # labels
    labels: list[str]

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Row by row, only the weights of the features a text has: ``x @ weights.T`` would
        copy the whole weight matrix into the order the sparse product wants, on every call."""
        x = self.features.transform([normalise(t) for t in texts])
        out = np.empty((x.shape[0], len(self.labels)), dtype=np.float64)
        for row in range(x.shape[0]):
            start, stop = x.indptr[row], x.indptr[row + 1]
            out[row] = self.weights[:, x.indices[start:stop]] @ x.data[start:stop]
        return out + self.bias

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
    progress("normalise")
    clean = [normalise(t) for t in texts]
    progress("features")
    features = Features()
    matrix = features.fit_transform(clean)
    progress("svm")
    weights, bias, names = fit_linear(matrix, [str(label) for label in labels])
    return Classifier(features=features, weights=weights, bias=bias, labels=names)


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
