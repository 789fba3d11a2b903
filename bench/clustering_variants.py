"""Hotspot clustering variants tried in decision 0095 and not shipped (``bench/clustering.py
--variants`` scores them beside the shipped clustering).

* **time**: a pair's cosine is multiplied by ``1 − β·(1 − exp(−Δdays / τ))`` in both stages
  (groups: the mean day of their members), so messages far apart in time are less alike.
* **entity**: after the two stages, groups are merged once more (average linkage at ``md2`` on
  their centroids) only where they share a character 3–6-gram of the subject that at least half
  of each group's members carry and that few other messages of the period carry (at most
  ``slack`` × the period's messages outside the two groups): one rare place or company name.

And the variant measured in decision 0100 and not shipped:

* **problem-checked names**: ``problem_joined`` is ``clustering.joined`` with a second way to
  join the parts of the two stages: parts that carry one subject name (a character 3–6-gram held
  by at least half of each part's subjects, carried by at most ``problem_share`` of the period's
  tickets and by at most ``problem_elsewhere`` tickets outside the parts) are one matter when
  their texts, the name's bigrams taken out, are at least ``problem`` alike (cosine of the parts'
  character-bigram centroids). With ``writer_rule`` a name joins only when its tickets come from
  several writers, none of whom wrote more than half of them; ``loose_writer_rule`` asks the same
  of the names of decision 0095. ``problem_texts`` reads the views it needs.

And the unions tried in decision 0106 and not shipped (the groups of ``clustering.joined``, the
names step of 0095, then joined by the baseline's measure: character 1–3-gram TF-IDF of subject
and whole content, ``plain``):

* **near_duplicate_union**: two groups are joined when a pair of their tickets is at least
  ``similarity`` alike;
* **baseline_union**: two groups are joined when one group of the baseline's average-linkage cut
  at ``distance`` holds tickets of both.

And the variant of decision 0110 not shipped:

* **checked_places**: ``clustering.matters`` with its places (a place named by at most
  ``clustering.PLACE_TICKETS`` tickets joins the parts that name it), and places named by more
  tickets, up to ``most``, joining two of those parts only when their wording (the centroids of
  ``Texts.pairs``, character bigrams of subject and content head) is at least ``similarity``
  alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from jiesu.intelligence import clustering
from jiesu.intelligence.text import normalise

#: problem-checked names (decision 0100): the similarity chosen on the development set
PROBLEM_SIMILARITY = 0.15


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
    return entity_merge(clustering.labels(x), x, days, subjects, md2=0.7, beta=0)


@dataclass(frozen=True)
class ProblemTexts:
    """What ``problem_joined`` reads: the shipped views and those of the problem check."""

    #: the shipped views (``clustering.texts``)
    shipped: clustering.Texts
    #: subject and content head as character bigrams: what the problem is, a name taken out
    problem: sparse.csr_matrix
    #: the 3–6-gram of each column of ``shipped.names``; the column of each bigram of ``problem``
    grams: tuple[str, ...]
    bigrams: dict[str, int]
    #: who wrote each ticket ("" unknown): a name one writer alone uses joins nothing
    writers: tuple[str, ...]

    def rows(self, index: Sequence[int]) -> ProblemTexts:
        return ProblemTexts(
            self.shipped.rows(index),
            self.problem[index],
            self.grams,
            self.bigrams,
            tuple(self.writers[i] for i in index) if self.writers else (),
        )


def problem_texts(
    subjects: Sequence[str], contents: Sequence[str], writers: Sequence[str] | None = None
) -> ProblemTexts:
    """``clustering.texts`` and the bigram view; ``writers``: a caller's id per ticket."""
    heads = [(c or "")[: clustering.CONTENT_CHARS] for c in contents]
    clean = [normalise(s) for s in subjects]
    try:  # the columns of ``clustering.texts``'s names: the same vectoriser on the same subjects
        names = CountVectorizer(analyzer="char", ngram_range=clustering.NAME_CHARS, binary=True)
        grams = tuple(str(g) for g in names.fit(clean).get_feature_names_out())
    except ValueError:  # no subject of three characters
        grams = ()
    problem_x = sparse.csr_matrix((len(clean), 1))
    bigrams: dict[str, int] = {}
    try:
        pairs = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True)
        problem_x = normalize(
            pairs.fit_transform(
                [normalise(s + " " + h) for s, h in zip(subjects, heads, strict=True)]
            )
        ).tocsr()
        bigrams = {str(k): int(v) for k, v in pairs.vocabulary_.items()}
    except ValueError:  # no text of two characters
        pass
    return ProblemTexts(
        clustering.texts(subjects, contents),
        problem_x,
        grams,
        bigrams,
        tuple(w or "" for w in writers) if writers is not None else (),
    )


def problem_joined(
    pt: ProblemTexts,
    *,
    distance: float = clustering.DISTANCE,
    merge_distance: float = clustering.MERGE_DISTANCE,
    loose: float = clustering.LOOSE_DISTANCE,
    elsewhere: int = clustering.NAME_ELSEWHERE,
    problem: float | None = PROBLEM_SIMILARITY,
    problem_elsewhere: int = clustering.NAME_ELSEWHERE,
    problem_share: float = 0.02,
    writer_rule: bool = True,
    loose_writer_rule: bool = False,
) -> np.ndarray:
    """``clustering.joined``, then parts joined by a shared name and a like problem (the
    module's docstring); ``problem=None`` leaves the second way out."""
    t = pt.shipped
    n = t.x.shape[0]
    if n < 2:
        return np.zeros(n, dtype=int)
    p = clustering.parts(t, distance=distance, merge_distance=merge_distance, loose=loose)
    found = p.found
    joins = clustering.Joins(len(p.size))
    writers = np.asarray(pt.writers) if pt.writers else None
    names_csc = t.names.tocsc() if writers is not None else t.names

    def several_writers(gram: int, parts: list[int]) -> bool:
        """Whether the tickets of ``parts`` that carry ``gram`` come from several writers, none
        of whom wrote more than half of them (a writer not known counts as one of their own)."""
        if writers is None:
            return True
        rows = names_csc.indices[names_csc.indptr[gram] : names_csc.indptr[gram + 1]]
        who = [w for w in writers[rows[np.isin(found[rows], parts)]].tolist() if w]
        if len(who) < 2:
            return True
        return max(who.count(w) for w in set(who)) * 2 <= len(who)

    candidates = p.shared_names(n)
    for gram in candidates:  # the shipped joins (clustering.joined), with the writer rule
        held, counts = p.held(gram)
        by_home: dict[int, list[tuple[int, float]]] = {}
        for g, c in zip(held, counts, strict=True):
            if p.home[g] >= 0:
                by_home.setdefault(int(p.home[g]), []).append((int(g), float(c)))
        for parts in by_home.values():
            if len(parts) > 1 and p.tickets[gram] - sum(c for _, c in parts) <= elsewhere:
                if loose_writer_rule and not several_writers(int(gram), [g for g, _ in parts]):
                    continue
                joins.join(parts[0][0], [g for g, _ in parts[1:]])
    if problem is not None and pt.bigrams:
        _join_by_problem(
            pt,
            p,
            candidates[p.tickets[candidates] <= max(2, problem_share * n)],
            joins,
            problem=problem,
            elsewhere=problem_elsewhere,
            several_writers=several_writers if writer_rule else None,
        )
    return joins.labels(found)


def _join_by_problem(
    pt: ProblemTexts,
    p: clustering.Parts,
    candidates: np.ndarray,
    joins: clustering.Joins,
    *,
    problem: float,
    elsewhere: int,
    several_writers: Callable[[int, list[int]], bool] | None,
) -> None:
    """Parts that carry one name (at least half of each part's subjects; at most ``elsewhere``
    tickets outside them) are joined when their texts with the name taken out are alike."""
    shared: dict[tuple[int, int], set[str]] = {}
    for gram in candidates:
        held, counts = p.held(gram)
        parts = [int(g) for g in held]
        if len(parts) < 2 or p.tickets[gram] - counts.sum() > elsewhere:
            continue
        if several_writers is not None and not several_writers(int(gram), parts):
            continue
        for i, a in enumerate(parts):
            for b in parts[i + 1 :]:
                shared.setdefault((a, b), set()).add(pt.grams[gram])
    if not shared:
        return
    centroids = (p.member @ pt.problem).tocsr()
    squares = centroids.multiply(centroids).tocsr()
    first = np.array([a for a, _ in shared])
    second = np.array([b for _, b in shared])
    # the bigrams of the shared names, one row per pair: taken out of both texts
    mask_rows: list[int] = []
    mask_cols: list[int] = []
    for row, names in enumerate(shared.values()):
        out = {
            pt.bigrams[name[i : i + 2]]
            for name in names
            for i in range(len(name) - 1)
            if name[i : i + 2] in pt.bigrams
        }
        mask_rows.extend([row] * len(out))
        mask_cols.extend(out)
    keep = sparse.csr_matrix(
        (np.ones(len(mask_cols)), (mask_rows, mask_cols)), shape=(len(first), centroids.shape[1])
    )
    products = centroids[first].multiply(centroids[second]).tocsr()
    dot = _row_sums(products) - _row_sums(products.multiply(keep))
    na = _row_sums(squares[first]) - _row_sums(squares[first].multiply(keep))
    nb = _row_sums(squares[second]) - _row_sums(squares[second].multiply(keep))
    alike = (na > 0) & (nb > 0) & (dot >= problem * np.sqrt(np.clip(na * nb, 0, None)))
    for a, b in zip(first[alike], second[alike], strict=True):
        joins.join(int(b), [int(a)])


def _row_sums(m: sparse.spmatrix) -> np.ndarray:
    return np.asarray(m.sum(axis=1)).ravel()


def _union(found: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """``found``'s groups joined wherever rows ``first[i]`` and ``second[i]`` sit apart."""
    found, _, count = _members(found)
    edges = sparse.coo_matrix(
        (np.ones(len(first)), (found[first], found[second])), shape=(len(count), len(count))
    )
    return connected_components(edges, directed=False)[1][found]


def near_duplicate_union(
    t: clustering.Texts, plain: sparse.csr_matrix, *, similarity: float
) -> np.ndarray:
    """``clustering.joined``, then groups joined by a near-duplicate pair (the docstring)."""
    found = clustering.joined(t)
    if len(found) < 2:
        return found
    first, second = sparse.triu(plain @ plain.T >= similarity, k=1).nonzero()
    return _union(found, first, second)


def baseline_union(t: clustering.Texts, plain: sparse.csr_matrix, *, distance: float) -> np.ndarray:
    """``clustering.joined``, then groups joined by one group of the baseline (the docstring)."""
    found = clustering.joined(t)
    if len(found) < 2:
        return found
    base, member, _ = _members(clustering.labels(plain, distance=distance, rounds=0))
    firsts = member.indices[member.indptr[base]]  # the first row of each row's baseline group
    return _union(found, firsts, np.arange(len(found)))


def checked_places(t: clustering.Texts, *, most: int = 8, similarity: float = 0.2) -> np.ndarray:
    """``clustering.matters``, with places named by more tickets checked by their wording (the
    module's docstring)."""
    n = t.x.shape[0]
    if n < 2:
        return np.zeros(n, dtype=int)
    p = clustering.parts(
        t,
        distance=clustering.DISTANCE,
        merge_distance=clustering.MERGE_DISTANCE,
        loose=clustering.LOOSE_DISTANCE,
    )
    joins = clustering.Joins(len(p.size))
    clustering.join_names(p, n, joins, elsewhere=clustering.NAME_ELSEWHERE)
    clustering._join_places(
        t.places, p, joins, most=clustering.PLACE_TICKETS, elsewhere=clustering.NAME_ELSEWHERE
    )
    centroids = normalize(p.member @ t.pairs).tocsr()
    tickets = _row_sums(t.places.T)
    carried = (p.member @ t.places).tocsc()
    for place in np.flatnonzero((tickets > clustering.PLACE_TICKETS) & (tickets <= most)):
        start, end = carried.indptr[place], carried.indptr[place + 1]
        groups, counts = carried.indices[start:end], carried.data[start:end]
        keep = counts >= np.maximum(1, 0.5 * p.size[groups])
        if keep.sum() < 2 or tickets[place] - counts[keep].sum() > clustering.NAME_ELSEWHERE:
            continue
        held = groups[keep]
        alike = (centroids[held] @ centroids[held].T).toarray() >= similarity
        for i, j in zip(*np.nonzero(np.triu(alike, k=1)), strict=True):
            joins.join(int(held[i]), [int(held[j])])
    return clustering.split(joins.labels(p.found), t.pairs, clustering.SPLIT_SIMILARITY)
