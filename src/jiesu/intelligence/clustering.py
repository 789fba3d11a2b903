"""Matters behind the hotspots: tickets of a period grouped by what they are about (one place,
one problem). Pure: texts in, groups out.

Two stages (decision 0046): average-linkage clustering of TF-IDF vectors (the subject's character
1–3-grams weighted above the content's) cut strictly, which keeps small matters apart; then the
groups are merged on their centroids, a few rounds. A matter many people write about in many
words (a mixing plant beside an estate, a developer bundling parking spaces) has a centroid that
keeps what they share — the place and the problem — while its wording varies, so its parts join
up, where a looser single cut would first glue neighbouring small matters together."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from jiesu.intelligence.text import normalise

#: first stage: tickets on one matter are at most this far apart (1 − cosine), on average
DISTANCE = 0.8
#: second stage: groups whose centroids are at most this far apart are one matter
MERGE_DISTANCE = 0.6
MERGE_ROUNDS = 3
SUBJECT_WEIGHT = 1.0
CONTENT_WEIGHT = 0.6
CONTENT_CHARS = 300


def vectors(subjects: Sequence[str], contents: Sequence[str]) -> sparse.csr_matrix:
    def tfidf(texts: list[str]) -> sparse.csr_matrix:
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        try:
            return vec.fit_transform(texts)
        except ValueError:  # nothing but empty texts
            return sparse.csr_matrix((len(texts), 1))

    subject = tfidf([normalise(s) for s in subjects])
    content = tfidf([normalise((c or "")[:CONTENT_CHARS]) for c in contents])
    stacked = sparse.hstack([SUBJECT_WEIGHT * subject, CONTENT_WEIGHT * content]).tocsr()
    return normalize(stacked).tocsr() if stacked.shape[0] else stacked


def _average_linkage(x: sparse.csr_matrix, distance: float) -> np.ndarray:
    if x.shape[0] < 2:
        return np.zeros(x.shape[0], dtype=int)
    dist = 1 - (x @ x.T).toarray()
    np.clip(dist, 0, 2, out=dist)
    return AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=distance
    ).fit_predict(dist)


def labels(
    x: sparse.csr_matrix,
    *,
    distance: float = DISTANCE,
    merge_distance: float = MERGE_DISTANCE,
    rounds: int = MERGE_ROUNDS,
) -> np.ndarray:
    """A group number per row: the strict cut, then ``rounds`` merges on the centroids."""
    found = _average_linkage(x, distance)
    for _ in range(rounds):
        _, found = np.unique(found, return_inverse=True)
        groups = int(found.max()) + 1
        if groups < 2:
            break
        member = sparse.csr_matrix(
            (np.ones(len(found)), (found, np.arange(len(found)))), shape=(groups, len(found))
        )
        centroids = normalize(member @ x).tocsr()
        found = _average_linkage(centroids, merge_distance)[found]
    return found


def cluster(
    subjects: Sequence[str],
    contents: Sequence[str],
    *,
    distance: float = DISTANCE,
    merge_distance: float = MERGE_DISTANCE,
) -> list[list[int]]:
    """Groups of indices (two or more members each), biggest first."""
    return groups(vectors(subjects, contents), distance=distance, merge_distance=merge_distance)


def groups(
    x: sparse.csr_matrix, *, distance: float = DISTANCE, merge_distance: float = MERGE_DISTANCE
) -> list[list[int]]:
    """``cluster`` on vectors already built (``vectors``): the rows of each group of two or
    more, biggest first."""
    if x.shape[0] < 2:
        return []
    found = labels(x, distance=distance, merge_distance=merge_distance)
    by_label: dict[int, list[int]] = {}
    for i, label in enumerate(found):
        by_label.setdefault(int(label), []).append(i)
    kept = [g for g in by_label.values() if len(g) >= 2]
    return sorted(kept, key=lambda g: (-len(g), g[0]))


def central(members: list[int], x: sparse.csr_matrix) -> int:
    """The member most like the others: its subject labels the matter."""
    block = x[members]
    sims = np.asarray((block @ block.T).sum(axis=1)).ravel()
    return members[int(sims.argmax())]


def agreement(gold: dict[str, str], found: dict[str, int]) -> dict[str, float]:
    """How well ``found`` (row → group) matches verified matters ``gold`` (row → matter; a row
    alone on its matter is a single ticket). Pairwise precision, recall and F1 over the pairs of
    rows in ``gold``; a matter of two or more rows is *found* when one group holds at least half
    of its rows (two at least) and those are at least half of that group's rows in ``gold``."""
    rows = sorted(gold)

    def pairs(of: dict[str, object]) -> set[tuple[str, str]]:
        by: dict[object, list[str]] = {}
        for row in rows:
            by.setdefault(of[row], []).append(row)
        return {(a, b) for g in by.values() for i, a in enumerate(g) for b in g[i + 1 :]}

    true, predicted = pairs(dict(gold)), pairs(dict(found))
    hit = len(true & predicted)
    precision = hit / len(predicted) if predicted else 1.0
    recall = hit / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    group_size: dict[int, int] = {}
    for row in rows:
        group_size[found[row]] = group_size.get(found[row], 0) + 1
    matters: dict[str, list[str]] = {}
    for row in rows:
        matters.setdefault(gold[row], []).append(row)
    real = [m for m in matters.values() if len(m) >= 2]
    hits = 0
    for members in real:
        counts: dict[int, int] = {}
        for row in members:
            counts[found[row]] = counts.get(found[row], 0) + 1
        group, n = max(counts.items(), key=lambda kv: kv[1])
        if n >= 2 and 2 * n >= len(members) and 2 * n >= group_size[group]:
            hits += 1
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "found": round(hits / len(real), 4) if real else 1.0,
        "matters": len(real),
        "rows": len(rows),
    }
