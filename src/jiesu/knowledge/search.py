"""Find the passages that answer a caller's question.

1. The question becomes concepts (``segment.concepts``): its words, each with the spoken and
   official words that may stand for it.
2. The database's full-text index returns up to ``POOL`` active passages holding any of those
   words, asked for the rarest words first until they would fetch more than ``POSTINGS``
   passages (the common words still count in step 3).
3. Each candidate is scored BM25F-style per concept — the title and section heading weigh
   ``TITLE_WEIGHT`` times the body, a concept counts once whichever of its words is used, and
   its weight is the rarity (IDF) of the rarest word found — then multiplied by how much of the
   question's weight the passage covers, so a passage that answers the whole question beats one
   that repeats a single word.
4. At most ``PER_DOCUMENT`` passages of one document are returned, best first."""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from jiesu.knowledge import index, segment
from jiesu.knowledge.choices import DocumentKind
from jiesu.knowledge.models import Passage

POOL = 100
TITLE_WEIGHT = 2.5
K1, B = 1.2, 0.6
POSTINGS = 4_000  # passages the database scores at most (beyond the MIN_WORDS rarest words)
MIN_WORDS = 2
MAX_WORDS = 8
PER_DOCUMENT = 3
_STATS: dict[str, float] = {}
STATS_TTL = 60.0


@dataclass
class Hit:
    passage_id: int
    doc_id: int
    doc_title: str
    doc_number: str
    issuer: str
    date: date | None
    kind: str
    heading: str
    passage: str
    score: float

    @property
    def kind_label(self) -> str:
        return DocumentKind(self.kind).label

    @property
    def citation(self) -> str:
        """How the results name their source: 《title》（文号）."""
        return cite(self.doc_title, self.doc_number)

    def as_dict(self) -> dict:
        return {
            "passage_id": self.passage_id,
            "doc_id": self.doc_id,
            "doc_title": self.doc_title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "date": self.date.isoformat() if self.date else None,
            "kind": self.kind,
            "heading": self.heading,
            "passage": self.passage,
            "score": round(self.score, 3),
            "citation": self.citation,
        }


def cite(title: str, number: str) -> str:
    """《title》（文号）, or the title alone when it has no number."""
    if "《" not in title:
        title = _("《%(title)s》") % {"title": title}
    if not number:
        return title
    return _("%(title)s（%(number)s）") % {"title": title, "number": number}


def _stats() -> tuple[float, float]:
    now = time.monotonic()
    if now - _STATS.get("at", -1e9) > STATS_TTL:
        n, avgdl = index.collection()
        _STATS.update(at=now, n=n, avgdl=avgdl)
    return _STATS["n"], _STATS["avgdl"]


def forget_stats() -> None:
    """After an import: the next search counts the passages again."""
    _STATS.clear()


def _idf(df: int, n: float) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def retrieval_words(df: dict[str, int]) -> tuple[list[str], bool]:
    """The words the database searches for, and whether a passage must hold all of them.

    Rarest first, until their passages (postings) would pass ``POSTINGS`` — the common words
    only rank, they do not fetch (the cost of a full-text query grows with the passages it must
    score). When even the ``MIN_WORDS`` rarest words are that common (a question of everyday
    words), the database is asked for the passages holding all of them instead of any."""
    chosen: list[str] = []
    total = 0
    for word in sorted((w for w in df if df[w]), key=lambda w: (df[w], w)):
        if len(chosen) >= MAX_WORDS or (len(chosen) >= MIN_WORDS and total + df[word] > POSTINGS):
            break
        chosen.append(word)
        total += df[word]
    return chosen, len(chosen) > 1 and total > POSTINGS


def candidate_query(question: str) -> tuple[str, list]:
    """The database query ``search`` would run for ``question`` (for EXPLAIN)."""
    words = {w for c in segment.concepts(question) for w in c.words}
    terms, every = retrieval_words(index.document_frequencies(words))
    return index.candidate_sql(terms, limit=POOL, every=every)


def search(question: str, *, k: int = 5, kinds: list[str] | None = None) -> list[Hit]:
    concepts = segment.concepts(question)
    words = {w for c in concepts for w in c.words}
    if not words:
        return []
    n, avgdl = _stats()
    df = index.document_frequencies(words)
    terms, every = retrieval_words(df)
    ids = index.candidates(terms, limit=POOL, kinds=kinds, every=every)
    if not ids and every:  # no passage holds them all: any of them, as before
        ids = index.candidates(terms[:1], limit=POOL, kinds=kinds)
    if not ids:
        return []
    rows = (
        Passage.objects.filter(pk__in=ids)
        .select_related("document")
        .only(
            "id",
            "document_id",
            "heading",
            "text",
            "title_tokens",
            "body_tokens",
            "length",
            "document__title",
            "document__doc_number",
            "document__issuer",
            "document__date",
            "document__kind",
        )
    )
    weights = {
        c: max((_idf(df[w], n) for w in c.words if df.get(w)), default=0.0) for c in concepts
    }
    total = sum(weights.values()) or 1.0
    scored = []
    for p in rows:
        title, body = Counter(p.title_tokens.split()), Counter(p.body_tokens.split())
        norm = K1 * (1 - B + B * p.length / avgdl)
        score, covered = 0.0, 0.0
        for c in concepts:
            found = [w for w in c.words if w in title or w in body]
            if not found:
                continue
            tf = sum(TITLE_WEIGHT * title[w] + body[w] for w in found)
            idf = max(_idf(df.get(w, 1), n) for w in found)
            score += idf * tf * (K1 + 1) / (tf + norm)
            covered += weights[c]
        scored.append((score * (covered / total) ** 2, p))
    scored.sort(key=lambda x: -x[0])
    hits: list[Hit] = []
    per_doc: Counter[int] = Counter()
    for score, p in scored:
        if score <= 0 or per_doc[p.document_id] >= PER_DOCUMENT:
            continue
        per_doc[p.document_id] += 1
        d = p.document
        hits.append(
            Hit(
                p.pk,
                d.pk,
                d.title,
                d.doc_number,
                d.issuer,
                d.date,
                d.kind,
                p.heading,
                p.text,
                score,
            )
        )
        if len(hits) >= k:
            break
    return hits
