"""The knowledge base over HTTP: search with a reply script, record a used suggestion, change a
document's status."""

from __future__ import annotations

import time
from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from jiesu.core.errors import ValidationFailed
from jiesu.core.schemas import Input
from jiesu.knowledge import actions, search
from jiesu.knowledge.choices import SearchChannel
from jiesu.knowledge.scripts import reply_script
from jiesu.organisation import permissions
from jiesu.tickets import queries as ticket_queries

router = Router(tags=["knowledge"])
MAX_QUESTION = 500


class PassageOut(Schema):
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
    citation: str


class SearchOut(Schema):
    query: str
    took_ms: int
    results: list[PassageOut]
    script: str


class UseIn(Input):
    passage_id: int
    kind: str = "script"
    query: str = Field("", max_length=MAX_QUESTION)
    ticket_number: str | None = None


class UseOut(Schema):
    id: int
    doc_id: int
    passage_id: int | None
    kind: str


class DocumentStatusOut(Schema):
    id: int
    title: str
    status: str
    status_label: str


@router.get(
    "/knowledge/search", response=SearchOut, summary=gettext_lazy("知识库检索（段落 + 答复话术）")
)
def search_knowledge(request: HttpRequest, q: str, k: int = 5) -> dict:
    actor = request.actor
    permissions.require_knowledge_reader(actor)
    q = q.strip()
    if not q or len(q) > MAX_QUESTION:
        raise ValidationFailed(
            "validation_error", _("请填写问题（不超过 %(limit)s 字）。") % {"limit": MAX_QUESTION}
        )
    k = min(max(k, 1), 20)
    started = time.perf_counter()
    hits = search.search(q, k=k)
    took = int((time.perf_counter() - started) * 1000)
    actions.log_search(q, hits, actor=actor, channel=SearchChannel.API, elapsed_ms=took)
    return {
        "query": q,
        "took_ms": took,
        "results": [h.as_dict() for h in hits],
        "script": reply_script(q, hits),
    }


@router.post("/knowledge/uses", response={201: UseOut}, summary=gettext_lazy("记录采用的答复建议"))
def record_use(request: HttpRequest, payload: UseIn):
    actor = request.actor
    ticket = (
        ticket_queries.get_ticket_for_user(actor, payload.ticket_number)
        if payload.ticket_number
        else None
    )
    use = actions.record_use(
        passage_id=payload.passage_id,
        kind=payload.kind,
        query=payload.query,
        ticket=ticket,
        actor=actor,
    )
    return Status(
        201,
        {
            "id": use.pk,
            "doc_id": use.document_id,
            "passage_id": use.passage_id,
            "kind": use.kind,
        },
    )


@router.post(
    "/knowledge/documents/{doc_id}/{verb}",
    response=DocumentStatusOut,
    summary=gettext_lazy("文档失效、停用或恢复启用（verb: expire / disable / enable）"),
)
def change_status(request: HttpRequest, doc_id: int, verb: str) -> dict:
    if verb not in actions.VERB_LABELS:
        raise ValidationFailed("validation_error", _("操作须为 expire、disable 或 enable。"))
    doc = actions.change_status(doc_id, verb, actor=request.actor)
    return {
        "id": doc.pk,
        "title": doc.title,
        "status": doc.status,
        "status_label": doc.get_status_display(),
    }
