"""Matters behind the hotspots: tickets of a period grouped by what they are about (one place,
one problem). Pure: texts in, groups out. Average-linkage clustering of TF-IDF vectors — the
subject's character n-grams weighted above the content's — cut at a cosine distance."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from jiesu.intelligence.text import normalise

#: tickets on one matter are at most this far apart (1 − cosine similarity), on average
DISTANCE = 0.75
SUBJECT_WEIGHT = 1.0
CONTENT_WEIGHT = 0.6
CONTENT_CHARS = 300


def vectors(subjects: Sequence[str], contents: Sequence[str]) -> sparse.csr_matrix:
    def tfidf(texts: list[str]):
        vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True)
        try:
            return vec.fit_transform(texts)
        except ValueError:  # nothing but empty texts
            return sparse.csr_matrix((len(texts), 1))

    subject = tfidf([normalise(s) for s in subjects])
    content = tfidf([normalise((c or "")[:CONTENT_CHARS]) for c in contents])
    stacked = sparse.hstack([SUBJECT_WEIGHT * subject, CONTENT_WEIGHT * content]).tocsr()
    norms = np.sqrt(np.asarray(stacked.multiply(stacked).sum(axis=1))).ravel()
    norms[norms == 0] = 1
    return sparse.diags(1 / norms) @ stacked


def cluster(
    subjects: Sequence[str], contents: Sequence[str], *, distance: float = DISTANCE
) -> list[list[int]]:
    """Groups of indices (two or more members each), biggest first."""
    n = len(subjects)
    if n < 2:
        return []
    x = vectors(subjects, contents)
    dist = 1 - (x @ x.T).toarray()
    np.clip(dist, 0, 2, out=dist)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=distance
    ).fit_predict(dist)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    found = [g for g in groups.values() if len(g) >= 2]
    return sorted(found, key=lambda g: (-len(g), g[0]))


def central(members: list[int], x: sparse.csr_matrix) -> int:
    """The member most like the others: its subject labels the matter."""
    block = x[members]
    sims = np.asarray((block @ block.T).sum(axis=1)).ravel()
    return members[int(sims.argmax())]
