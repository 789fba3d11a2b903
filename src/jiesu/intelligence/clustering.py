"""Matters behind the hotspots: tickets of a period grouped by what they are about (one place,
one problem). Pure: texts in, groups out.

Two stages (decision 0046): average-linkage clustering of TF-IDF vectors (the subject's character
1–3-grams weighted above the content's) cut strictly, which keeps small matters apart; then the
groups are merged on their centroids, a few rounds. A matter many people write about in many
words (a mixing plant beside an estate, a developer bundling parking spaces) has a centroid that
keeps what they share — the place and the problem — while its wording varies, so its parts join
up, where a looser single cut would first glue neighbouring small matters together.

Then names (decision 0095): a matter whose callers word it very differently (a P2P platform's
victims, an estate's smoke and noise) still stays in parts. Parts are joined when a looser cut
of the whole text (subject and content in one TF-IDF) puts them together *and* their subjects
share a name — a character 3–6-gram carried by at least half of each part's subjects that
almost no other ticket of the period carries (the estate, the platform, the company). A name
many matters share (魅力之城 for its smoke, its cracked floors and its school places) is carried
by tickets outside the parts too, so it joins nothing; a loose group of one writer's many
suggestions shares a style but no such name.
Names checked by their problem (decision 0100, not shipped): bench/clustering_variants.py.

Places (decision 0110): a matter whose parts the looser cut keeps apart (a shop centre's refunds
worded as fraud and as a boss's debts; a P2P platform's victims) is still one place. What
follows an administrative unit in a subject (A7县**中茂城**…, 岳麓区**梅溪湖**…) is where the
caller says the matter is, its characters in any order (callers swap them: 万润/润万). Parts
are joined, without the looser cut, when at least half of each part's subjects begin a place
with the same 3–6 characters, that place is named by at most ``PLACE_TICKETS`` tickets of the
period, and by at most ``NAME_ELSEWHERE`` outside the parts. A place many tickets name (an
estate with several problems) joins nothing; its parts
are left to the names of 0095 and to the split below.

Last, each group is cut again by its wording (decision 0106): average linkage on the character
bigrams of subject and content head, within the group only. A place's name alone can hold tickets
together (an estate's school places beside its night works; two companies' unpaid wages; bus 205
late beside bus X205's heating); their problems share almost no other words, so they come apart,
while the members of one matter, however differently worded, stay on average more alike than
``SPLIT_SIMILARITY``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from jiesu.intelligence import place_words
from jiesu.intelligence.text import normalise

#: first stage: tickets on one matter are at most this far apart (1 − cosine), on average
DISTANCE = 0.8
#: second stage: groups whose centroids are at most this far apart are one matter
MERGE_DISTANCE = 0.6
MERGE_ROUNDS = 3
SUBJECT_WEIGHT = 1.0
CONTENT_WEIGHT = 0.6
CONTENT_CHARS = 300
#: names: parts whose whole texts are at most this far apart (average linkage) may be joined
LOOSE_DISTANCE = 0.875
#: a name joins the parts that carry it when at most this many other tickets carry it
NAME_ELSEWHERE = 2
NAME_CHARS = (3, 6)
#: places (decision 0110): a place joins the parts that name it when at most this many tickets
#: of the period name it (more: an estate or a town with several matters)
PLACE_TICKETS = 6
#: the last step: a group's members less alike than this on average (character bigrams of
#: subject and content head; average linkage within the group) are split apart (decision 0106)
SPLIT_SIMILARITY = 0.08


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


@dataclass(frozen=True)
class Texts:
    """A period's tickets as the clustering reads them (``texts``); ``rows`` takes a subset."""

    #: subject and content head (``vectors``): the two stages, and the label (``central``)
    x: sparse.csr_matrix
    #: subject and content head in one TF-IDF: the looser cut the names work within
    whole: sparse.csr_matrix
    #: which character 3–6-grams each subject carries (0/1)
    names: sparse.csr_matrix
    #: subject and content head as character bigrams: the wording the last step splits by
    pairs: sparse.csr_matrix
    #: which places (``place_names``, characters in any order) each subject carries (0/1)
    places: sparse.csr_matrix

    def rows(self, index: Sequence[int]) -> Texts:
        return Texts(
            self.x[index],
            self.whole[index],
            self.names[index],
            self.pairs[index],
            self.places[index],
        )


def _place_keys(subject: str) -> list[str]:
    """The subject's places, each as its characters in order of code point: callers swap a
    name's characters (万润/润万滨江天著, 富惠/惠富天下) and still mean one place."""
    return sorted({"".join(sorted(name)) for name in place_names(subject)})


def place_names(subject: str) -> list[str]:
    """The places a subject names: the first 3–6 characters (``NAME_CHARS``) of what follows
    each administrative unit in it, up to a space or a punctuation mark."""
    text = normalise(subject)
    found: set[str] = set()
    for unit in place_words.UNIT.finditer(text):
        tail = place_words.BREAK.split(text[unit.end() : unit.end() + NAME_CHARS[1]], maxsplit=1)[0]
        found.update(tail[:k] for k in range(NAME_CHARS[0], len(tail) + 1))
    return sorted(found)


def texts(subjects: Sequence[str], contents: Sequence[str]) -> Texts:
    heads = [(c or "")[:CONTENT_CHARS] for c in contents]
    clean = [normalise(s) for s in subjects]
    joint = [normalise(s + " " + h) for s, h in zip(subjects, heads, strict=True)]

    def tfidf(grams: tuple[int, int]) -> sparse.csr_matrix:
        try:
            vec = TfidfVectorizer(analyzer="char", ngram_range=grams, sublinear_tf=True)
            return normalize(vec.fit_transform(joint)).tocsr()
        except ValueError:  # nothing but empty texts
            return sparse.csr_matrix((len(clean), 1))

    try:
        names = CountVectorizer(analyzer="char", ngram_range=NAME_CHARS, binary=True)
        names_x = names.fit_transform(clean).tocsr()
    except ValueError:  # no subject of three characters
        names_x = sparse.csr_matrix((len(clean), 1))
    try:
        places = CountVectorizer(analyzer=_place_keys, binary=True)
        places_x = places.fit_transform(subjects).tocsr()
    except ValueError:  # no subject names a place
        places_x = sparse.csr_matrix((len(clean), 1))
    return Texts(vectors(subjects, heads), tfidf((1, 3)), names_x, tfidf((2, 2)), places_x)


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


@dataclass
class Parts:
    """The groups ``labels`` finds (the parts that names may join) and what joining reads."""

    found: np.ndarray  # the part of each row
    member: sparse.csr_matrix  # parts × rows, 1 where the row is in the part
    size: np.ndarray  # rows per part
    home: np.ndarray  # each part's group in the looser cut (most of its rows), or -1
    tickets: np.ndarray  # rows carrying each name n-gram
    carried: sparse.csc_matrix  # parts × n-grams: the part's rows carrying it

    def shared_names(self, n: int) -> np.ndarray:
        """The n-grams that may be a matter's name: on two tickets or more, and few."""
        return np.flatnonzero((self.tickets >= 2) & (self.tickets <= max(2, 0.1 * n)))

    def held(self, gram: int) -> tuple[np.ndarray, np.ndarray]:
        """The parts at least half of whose rows carry ``gram`` (and how many of them do)."""
        start, end = self.carried.indptr[gram], self.carried.indptr[gram + 1]
        groups_, counts = self.carried.indices[start:end], self.carried.data[start:end]
        keep = counts >= np.maximum(1, 0.5 * self.size[groups_])
        return groups_[keep], counts[keep]


def parts(t: Texts, *, distance: float, merge_distance: float, loose: float) -> Parts:
    n = t.x.shape[0]
    _, found = np.unique(
        labels(t.x, distance=distance, merge_distance=merge_distance), return_inverse=True
    )
    loose_groups = _average_linkage(t.whole, loose)
    k = int(found.max()) + 1
    member = sparse.csr_matrix((np.ones(n), (found, np.arange(n))), shape=(k, n))
    # each part's home in the looser cut: where most of its rows are (more than half of them)
    home = np.full(k, -1)
    for g in range(k):
        rows = member.indices[member.indptr[g] : member.indptr[g + 1]]
        values, counts = np.unique(loose_groups[rows], return_counts=True)
        if 2 * counts.max() > len(rows):
            home[g] = values[counts.argmax()]
    return Parts(
        found=found,
        member=member,
        size=np.asarray(member.sum(axis=1)).ravel(),
        home=home,
        tickets=np.asarray(t.names.sum(axis=0)).ravel(),
        carried=(member @ t.names).tocsc(),
    )


class Joins:
    """Parts joined into matters (union–find over the parts)."""

    def __init__(self, count: int) -> None:
        self.parent = np.arange(count)

    def root(self, a: int) -> int:
        parent = self.parent
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = int(parent[a])
        return a

    def join(self, first: int, others: Sequence[int]) -> None:
        top = self.root(first)
        for g in others:
            self.parent[self.root(g)] = top

    def labels(self, found: np.ndarray) -> np.ndarray:
        return np.array([self.root(int(g)) for g in found])


def joined(
    t: Texts,
    *,
    distance: float = DISTANCE,
    merge_distance: float = MERGE_DISTANCE,
    loose: float = LOOSE_DISTANCE,
    elsewhere: int = NAME_ELSEWHERE,
    place_tickets: int | None = PLACE_TICKETS,
) -> np.ndarray:
    """A group number per row: ``labels`` on ``t.x``, then its groups joined by shared names
    within one group of the looser cut, and by rare places (the module's docstring;
    ``place_tickets=None`` leaves the places out)."""
    n = t.x.shape[0]
    if n < 2:
        return np.zeros(n, dtype=int)
    p = parts(t, distance=distance, merge_distance=merge_distance, loose=loose)
    joins = Joins(len(p.size))
    join_names(p, n, joins, elsewhere=elsewhere)
    if place_tickets is not None:
        _join_places(t.places, p, joins, most=place_tickets, elsewhere=elsewhere)
    return joins.labels(p.found)


def join_names(p: Parts, n: int, joins: Joins, *, elsewhere: int) -> None:
    """Parts of one group of the looser cut joined by a name they share, carried by at most
    ``elsewhere`` tickets outside them (decision 0095)."""
    for gram in p.shared_names(n):
        held, counts = p.held(gram)
        by_home: dict[int, list[tuple[int, float]]] = {}
        for g, c in zip(held, counts, strict=True):
            if p.home[g] >= 0:
                by_home.setdefault(int(p.home[g]), []).append((int(g), float(c)))
        for part in by_home.values():
            if len(part) > 1 and p.tickets[gram] - sum(c for _, c in part) <= elsewhere:
                joins.join(part[0][0], [g for g, _ in part[1:]])


def _join_places(
    places: sparse.csr_matrix, p: Parts, joins: Joins, *, most: int, elsewhere: int
) -> None:
    """Parts joined by a place at least half of each one's subjects name, that at most
    ``most`` tickets name, ``elsewhere`` of them at most outside those parts."""
    tickets = np.asarray(places.sum(axis=0)).ravel()
    carried = (p.member @ places).tocsc()
    for place in np.flatnonzero((tickets >= 2) & (tickets <= most)):
        start, end = carried.indptr[place], carried.indptr[place + 1]
        parts_, counts = carried.indices[start:end], carried.data[start:end]
        keep = counts >= np.maximum(1, 0.5 * p.size[parts_])
        if keep.sum() > 1 and tickets[place] - counts[keep].sum() <= elsewhere:
            held = parts_[keep]
            joins.join(int(held[0]), [int(g) for g in held[1:]])


def split(found: np.ndarray, pairs: sparse.csr_matrix, similarity: float) -> np.ndarray:
    """Each group of ``found`` (two members or more) cut by average linkage on ``pairs`` (one
    normalised row per member) at ``1 − similarity``: a group number per row."""
    _, found = np.unique(found, return_inverse=True)
    out = found.copy()
    order = np.argsort(found, kind="stable")
    following = int(found.max()) + 1 if len(found) else 0
    for members in np.split(order, np.flatnonzero(np.diff(found[order])) + 1):
        if len(members) < 2:
            continue
        parts = _average_linkage(pairs[members], 1 - similarity)
        for part in range(1, int(parts.max()) + 1):
            out[members[parts == part]] = following
            following += 1
    return out


def matters(
    t: Texts,
    *,
    similarity: float | None = SPLIT_SIMILARITY,
    place_tickets: int | None = PLACE_TICKETS,
) -> np.ndarray:
    """A group number per row: ``joined`` (with ``place_tickets``), then each group split by
    its wording (``split``; ``similarity=None`` leaves that out)."""
    found = joined(t, place_tickets=place_tickets)
    if similarity is None or len(found) < 2:
        return found
    return split(found, t.pairs, similarity)


def cluster(subjects: Sequence[str], contents: Sequence[str]) -> list[list[int]]:
    """Groups of indices (two or more members each), biggest first."""
    return groups(texts(subjects, contents))


def groups(t: Texts) -> list[list[int]]:
    """``cluster`` on texts already read (``texts``): the rows of each group of two or more,
    biggest first."""
    if t.x.shape[0] < 2:
        return []
    found = matters(t)
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
