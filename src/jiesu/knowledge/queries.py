"""Reads for the knowledge pages: documents by status and kind, the most used answers, the
questions that found nothing."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet

from jiesu.knowledge.models import AnswerUse, Document, SearchLog

PAGE_SIZE = 30


def document_page(
    *, status: str | None, kind: str | None, text: str, page: int
) -> tuple[list[Document], bool]:
    qs: QuerySet[Document] = Document.objects.order_by("-date", "-id")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(doc_number__icontains=text))
    qs = qs.annotate(passage_count=Count("passages")).only(
        "id", "title", "doc_number", "issuer", "date", "kind", "status"
    )
    start = (page - 1) * PAGE_SIZE
    rows = list(qs[start : start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def most_used(limit: int = 20) -> list[dict]:
    return list(
        AnswerUse.objects.values("document_id", "document__title", "document__doc_number")
        .annotate(uses=Count("id"), last=Max("at"))
        .order_by("-uses", "-last")[:limit]
    )


def unanswered(limit: int = 50) -> list[dict]:
    """Questions that found nothing: the gaps to fill, most asked first."""
    return list(
        SearchLog.objects.filter(hits=0)
        .values("text")
        .annotate(times=Count("id"), last=Max("at"))
        .order_by("-times", "-last")[:limit]
    )
