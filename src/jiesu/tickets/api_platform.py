"""Platform endpoints on a ticket: classification (R4, R5) and merge (R20). The platform check
comes first, so that an outsider is refused (403) without learning whether a ticket exists."""

from __future__ import annotations

from ninja import Router

from jiesu.core.schemas import Input
from jiesu.tickets import queries
from jiesu.tickets.actions._common import require_platform
from jiesu.tickets.actions.classify import classify_ticket
from jiesu.tickets.actions.merge import merge_ticket, unmerge_ticket
from jiesu.tickets.api import full_ticket
from jiesu.tickets.schemas import TicketOut

router = Router(tags=["tickets"])


class ClassifyIn(Input):
    dispatch_class: str
    track: str


class MergeIn(Input):
    into: str = ""


class UnmergeIn(Input):
    reason: str = ""


def _visible(request, number: str, what: str) -> None:
    require_platform(request.actor, what)
    queries.get_ticket_for_user(request.actor, number)


@router.post(
    "/tickets/{number}/classify", response=TicketOut, summary="调整派单分类与办理类别（R4、R5）"
)
def classify(request, number: str, payload: ClassifyIn):
    _visible(request, number, "调整工单分类")
    classify_ticket(
        number, dispatch_class=payload.dispatch_class, track=payload.track, actor=request.actor
    )
    return full_ticket(request, number)


@router.post("/tickets/{number}/merge", response=TicketOut, summary="并单（R20）")
def merge(request, number: str, payload: MergeIn):
    _visible(request, number, "并单")
    merge_ticket(number, into=payload.into, actor=request.actor)
    return full_ticket(request, number)


@router.post("/tickets/{number}/unmerge", response=TicketOut, summary="取消并单（R20）")
def unmerge(request, number: str, payload: UnmergeIn):
    _visible(request, number, "取消并单")
    unmerge_ticket(number, reason=payload.reason, actor=request.actor)
    return full_ticket(request, number)
