"""Hotspot clustering variants tried in decision 0095 and not shipped (``bench/clustering.py
--variants`` scores them beside the shipped clustering).

* **time**: a pair's cosine is multiplied by ``1 − β·(1 − exp(−Δdays / τ))`` in both stages
  (groups: the mean day of their members), so messages far apart in time are less alike.
* **entity**: after the two stages, groups are merged once more (average linkage at ``md2`` on
  their centroids) only where they share a character 3–6-gram of the subject that at least half
  of each group's members carry and that few other messages of the period carry (at most
  ``slack`` × the period's messages outside the two groups): one rare place or company name.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from jiesu.intelligence.text import normalise


def _cut(similarity: np.ndarray, distance: float) -> np.ndarray:
    if similarity.shape[0] < 2:
        return np.zeros(similarity.shape[0], dtype=int)
    dist = np.clip(1 - similarity, 0, 2)
    np.fill_diagonal(dist, 0)
    return AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=distance
    ).fit_predict(dist)


def _time_factor(days: np.ndarray, beta: float, tau: float) -> np.ndarray | float:
    if not beta:
        return 1.0
    apart = np.abs(days[:, None] - days[None, :])
    return 1 - beta * (1 - np.exp(-apart / tau))


def _members(found: np.ndarray) -> tuple[np.ndarray, sparse.csr_matrix, np.ndarray]:
    _, found = np.unique(found, return_inverse=True)
    k = int(found.max()) + 1
    member = sparse.csr_matrix(
        (np.ones(len(found)), (found, np.arange(len(found)))), shape=(k, len(found))
    )
    return found, member, np.asarray(member.sum(axis=1)).ravel()


def time_labels(
    x: sparse.csr_matrix,
    days: np.ndarray,
    *,
    beta: float = 0.3,
    tau: float = 60,
    distance: float = 0.8,
    merge_distance: float = 0.65,
    rounds: int = 3,
) -> np.ndarray:
    """The shipped two stages with the time factor on every similarity."""
    found = _cut((x @ x.T).toarray() * _time_factor(days, beta, tau), distance)
    for _ in range(rounds):
        found, member, count = _members(found)
        if len(count) < 2:
            break
        centroids = normalize(member @ x)
        sims = (centroids @ centroids.T).toarray()
        found = _cut(sims * _time_factor((member @ days) / count, beta, tau), merge_distance)[found]
    return found


def entity_merge(
    found: np.ndarray,
    x: sparse.csr_matrix,
    days: np.ndarray,
    subjects: Sequence[str],
    *,
    slack: float = 0.01,
    md2: float = 0.75,
    beta: float = 0.3,
    tau: float = 60,
    rounds: int = 2,
) -> np.ndarray:
    """Merge groups that share a rare subject n-gram (see the module's docstring)."""
    try:
        grams = CountVectorizer(analyzer="char", ngram_range=(3, 6), binary=True).fit_transform(
            [normalise(s) for s in subjects]
        )
    except ValueError:
        return found
    n = len(subjects)
    df = np.asarray(grams.sum(axis=0)).ravel()
    keep = (df >= 2) & (df <= max(2, 0.1 * n))
    grams, df = grams[:, keep].tocsr(), df[keep]
    for _ in range(rounds):
        found, member, count = _members(found)
        k = len(count)
        if k < 2:
            break
        carried = (member @ grams).tocsc()
        gate = np.zeros((k, k), dtype=bool)
        for t in range(carried.shape[1]):
            column = carried.getcol(t)
            rows, values = column.indices, column.data
            held = values >= np.maximum(1, 0.5 * count[rows])
            rows, values = rows[held], values[held]
            if len(rows) < 2:
                continue
            outside = df[t] - values[:, None] - values[None, :]
            gate[np.ix_(rows, rows)] |= outside <= max(2, slack * n)
        centroids = normalize(member @ x)
        sims = (centroids @ centroids.T).toarray()
        sims = sims * _time_factor((member @ days) / count, beta, tau)
        found = _cut(np.where(gate, sims, 0.0), md2)[found]
    return found


def time_entity_labels(
    x: sparse.csr_matrix, days: np.ndarray, subjects: Sequence[str]
) -> np.ndarray:
    """time, then entity (β 0.3, τ 60 days; 0.80 / 0.65; 0.75)."""
    return entity_merge(time_labels(x, days), x, days, subjects)


def entity_labels(x: sparse.csr_matrix, days: np.ndarray, subjects: Sequence[str]) -> np.ndarray:
    """The shipped two stages, then entity without the time factor (0.70)."""
    from jiesu.intelligence import clustering

    return entity_merge(clustering.labels(x), x, days, subjects, md2=0.7, beta=0)
