"""The full-text index: passages written with their segmented words, word statistics kept for
ranking, and the database's own full-text search asked for candidates.

- SQLite: an FTS5 table over ``knowledge_passage`` (external content), kept by triggers
  (migration 0002), ranked by its BM25 with the title column weighing more;
- PostgreSQL: a stored generated column ``search_vector`` = ``setweight(title,'A') ||
  setweight(body,'B')`` of the segmented columns (configuration ``simple``: the words are already
  cut) with a GIN index, ranked by ``ts_rank`` (migration 0003).

The database finds and roughly ranks the candidates; ``search.py`` ranks them finally, the same
way on both databases."""

from __future__ import annotations

from collections import Counter

from django.db import connection

from jiesu.knowledge import passages, segment
from jiesu.knowledge.models import Document, Passage, Term

MAX_TERM = 50
#: two counters kept with the words (a word never holds a space): how many passages there are
#: and their total length, the collection statistics of BM25, read with the words' counts
PASSAGES, LENGTH = " passages", " length"
PG_VECTOR = "p.search_vector"  # a stored generated column (migration 0003)


def _terms(passage: Passage) -> set[str]:
    return {
        t for t in f"{passage.title_tokens} {passage.body_tokens}".split() if len(t) <= MAX_TERM
    }


def _adjust(counts: Counter[str], sign: int) -> None:
    if not counts:
        return
    known = dict(Term.objects.filter(term__in=list(counts)).values_list("term", "df"))
    rows = [Term(term=t, df=max(0, known.get(t, 0) + sign * n)) for t, n in counts.items()]
    Term.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["term"], update_fields=["df"], batch_size=500
    )


def _counters(passages: list[Passage]) -> Counter[str]:
    return Counter({PASSAGES: len(passages), LENGTH: sum(p.length for p in passages)})


def drop_passages(document: Document) -> None:
    counts: Counter[str] = Counter()
    old = list(document.passages.all())
    for p in old:
        counts.update(_terms(p))
    counts.update(_counters(old))
    _adjust(counts, -1)
    document.passages.all().delete()


def write_passages(document: Document, paragraphs: list[str], *, count_terms: bool = True) -> int:
    """(Re)write the passages of a document from its paragraphs; returns how many. A bulk load
    passes ``count_terms=False`` and calls ``rebuild_terms`` once at the end."""
    if count_terms:
        drop_passages(document)
    else:
        document.passages.all().delete()
    rows = []
    for n, chunk in enumerate(passages.chunks(paragraphs)):
        title = segment.words(f"{document.title} {document.issuer} {chunk.heading}")
        body = segment.words(chunk.text)
        rows.append(
            Passage(
                document=document,
                ordinal=n,
                heading=chunk.heading[:300],
                text=chunk.text,
                title_tokens=" ".join(title),
                body_tokens=" ".join(body),
                length=len(title) + len(body),
            )
        )
    Passage.objects.bulk_create(rows, batch_size=500)
    if not count_terms:
        return len(rows)
    counts: Counter[str] = Counter()
    for p in rows:
        counts.update(_terms(p))
    counts.update(_counters(rows))
    _adjust(counts, +1)
    return len(rows)


def rebuild_terms() -> int:
    """Count every word again from the passages (after a bulk load or to repair drift)."""
    counts: Counter[str] = Counter()
    rows = Passage.objects.values_list("title_tokens", "body_tokens", "length")
    for title, body, length in rows.iterator(2000):
        counts.update({t for t in f"{title} {body}".split() if len(t) <= MAX_TERM})
        counts[PASSAGES] += 1
        counts[LENGTH] += length
    Term.objects.all().delete()
    Term.objects.bulk_create([Term(term=t, df=n) for t, n in counts.items()], batch_size=2000)
    return len(counts)


def rebuild_full_text() -> None:
    """SQLite: read every passage into the FTS5 table again (triggers keep it otherwise)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO knowledge_passage_fts(knowledge_passage_fts) VALUES ('rebuild')"
            )


def document_frequencies(terms: set[str]) -> dict[str, int]:
    return dict(Term.objects.filter(term__in=list(terms)).values_list("term", "df"))


def candidate_sql(
    terms: list[str], *, limit: int, kinds: list[str] | None = None, every: bool = False
) -> tuple[str, list]:
    """The query ``candidates`` runs (``bench/knowledge.py`` explains it): passages holding any
    of ``terms``, or all of them with ``every``."""
    kind_sql, kind_args = "", []
    if kinds:
        kind_sql = " AND d.kind IN (" + ",".join(["%s"] * len(kinds)) + ")"
        kind_args = list(kinds)
    if connection.vendor == "postgresql":
        # The matches first, once, from the GIN index (a CTE the planner cannot fold in), then
        # ranked; the documents that may not be suggested are a set looked up by hash (NOT IN a
        # subquery is never turned into a join). Written as one join, a planner that thinks few
        # documents are active — statistics not yet gathered after a bulk import — loops over
        # the documents and runs the whole index scan, or the whole match list, once for each:
        # 60 s at 10 k documents (docs/decisions/0055-knowledge-search-on-postgresql.md).
        query = (" && " if every else " || ").join(["plainto_tsquery('simple', %s)"] * len(terms))
        excluded = "d.status <> 'active'"
        if kinds:
            excluded += " OR d.kind NOT IN (" + ",".join(["%s"] * len(kinds)) + ")"
        return (
            f"WITH q AS MATERIALIZED (SELECT {query} AS query),"
            " m AS MATERIALIZED (SELECT p.id, p.document_id,"
            f" ts_rank({PG_VECTOR}, q.query) AS r"
            f" FROM knowledge_passage p, q WHERE {PG_VECTOR} @@ q.query)"
            " SELECT m.id FROM m WHERE m.document_id NOT IN"
            f" (SELECT d.id FROM knowledge_document d WHERE {excluded})"
            " ORDER BY m.r DESC, m.id LIMIT %s",
            [*terms, *kind_args, limit],
        )
    match = (" AND " if every else " OR ").join('"' + t.replace('"', "") + '"' for t in terms)
    # rank inside the index first (3× the pool), then keep the active ones: joining before
    # ranking makes SQLite probe every match
    return (
        "SELECT p.id FROM (SELECT rowid AS id, bm25(knowledge_passage_fts, 3.0, 1.0) AS r"
        " FROM knowledge_passage_fts WHERE knowledge_passage_fts MATCH %s"
        " ORDER BY r LIMIT %s) f"
        " JOIN knowledge_passage p ON p.id = f.id"
        " JOIN knowledge_document d ON d.id = p.document_id"
        f" WHERE d.status = 'active'{kind_sql} ORDER BY f.r LIMIT %s",
        [match, 3 * limit, *kind_args, limit],
    )


def candidates(
    terms: list[str], *, limit: int, kinds: list[str] | None = None, every: bool = False
) -> list[int]:
    """Ids of active passages holding any (or ``every``) of ``terms``, best first by the
    database's ranking."""
    if not terms:
        return []
    sql, params = candidate_sql(terms, limit=limit, kinds=kinds, every=every)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def collection() -> tuple[float, float]:
    """The number of passages and their average length, from the two counters."""
    known = dict(Term.objects.filter(term__in=[PASSAGES, LENGTH]).values_list("term", "df"))
    if PASSAGES not in known:  # words counted before the counters existed: count once here
        from django.db.models import Avg, Count

        row = Passage.objects.aggregate(n=Count("id"), avg=Avg("length"))
        return float(row["n"]), float(row["avg"] or 1.0)
    n = known[PASSAGES]
    return float(n), (known.get(LENGTH, 0) / n if n else 1.0)
