"""The database finds the candidates in one pass over its full-text index, whatever its
statistics say. PostgreSQL once chose, on tables not yet analysed after a bulk import, to loop
over the active documents and run the whole GIN index scan once for each (60 s at 10 k
documents, docs/decisions/0055-knowledge-search-on-postgresql.md)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.utils import timezone

from jiesu.knowledge import index, search
from jiesu.knowledge.models import Document, Passage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan"),
]

WORDS = "超过 法定 退休 年龄 从业 人员 参加 工伤 保险 缴费 单位 申报 办理 材料 窗口"


def grow(documents: int = 300, passages: int = 8) -> None:
    """Many small documents, no ANALYZE: the statistics a bulk import leaves behind."""
    now = timezone.now()
    docs = Document.objects.bulk_create(
        Document(
            kind="policy",
            key=f"计划〔2025〕{n}号",
            title=f"文件{n}",
            doc_number=f"计划〔2025〕{n}号",
            body="",
            content_hash=str(n),
            created_at=now,
        )
        for n in range(documents)
    )
    words = WORDS.split()
    Passage.objects.bulk_create(
        Passage(
            document=doc,
            ordinal=i,
            text="……",
            title_tokens=f"文件{doc.pk}",
            body_tokens=" ".join(words[(doc.pk + i + j) % len(words)] for j in range(6)),
            length=7,
        )
        for doc in docs
        for i in range(passages)
    )
    index.rebuild_terms()
    search.forget_stats()


def test_the_full_text_index_is_scanned_once():
    grow()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pg_class SET reltuples = 3 WHERE relname = 'knowledge_document'"
        )  # the estimate that made the planner loop (statistics of an empty table)
        sql, params = index.candidate_sql(["工伤", "缴费", "窗口"], limit=100)
        cursor.execute("EXPLAIN (ANALYZE) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # every step of the plan runs once (no index scan per document), and no row is compared
    # with more than one other (no match × document product)
    loops = [int(n) for n in re.findall(r"loops=(\d+)", plan)]
    removed = sum(int(n) for n in re.findall(r"Rows Removed by Join Filter: (\d+)", plan))
    assert loops and max(loops) == 1 and removed <= Passage.objects.count(), plan
    assert len(index.candidates(["工伤", "缴费", "窗口"], limit=100)) == 100
