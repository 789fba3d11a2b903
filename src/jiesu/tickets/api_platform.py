"""Platform endpoints on a ticket: classification (R4, R5), its category (R6) and merge (R20). The ticket is fetched
first: what a person cannot see is 404, whatever they asked; 403 only for what they can see."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import Router

from jiesu.core.schemas import Input
from jiesu.organisation import permissions
from jiesu.tickets import queries
from jiesu.tickets.actions.classify import change_category, classify_ticket
from jiesu.tickets.actions.merge import merge_ticket, unmerge_ticket
from jiesu.tickets.api import full_ticket
from jiesu.tickets.schemas import TicketOut

router = Router(tags=["tickets"])


class ClassifyIn(Input):
    dispatch_class: str
    track: str


class CategoryIn(Input):
    category: str


class MergeIn(Input):
    into: str = ""


class UnmergeIn(Input):
    reason: str = ""


def _visible(request, number: str, verb: str) -> None:
    ticket = queries.get_ticket_for_user(request.actor, number)
    permissions.require(request.actor, verb, ticket)


@router.post(
    "/tickets/{number}/classify", response=TicketOut, summary=_("调整派单分类与办理类别（R4、R5）")
)
def classify(request, number: str, payload: ClassifyIn):
    _visible(request, number, "classify")
    classify_ticket(
        number, dispatch_class=payload.dispatch_class, track=payload.track, actor=request.actor
    )
    return full_ticket(request, number)


@router.post("/tickets/{number}/category", response=TicketOut, summary=_("调整派单目录（R6）"))
def category(request, number: str, payload: CategoryIn):
    _visible(request, number, "classify")
    change_category(number, category=payload.category, actor=request.actor)
    return full_ticket(request, number)


@router.post("/tickets/{number}/merge", response=TicketOut, summary=_("并单（R20）"))
def merge(request, number: str, payload: MergeIn):
    _visible(request, number, "merge")
    merge_ticket(number, into=payload.into, actor=request.actor)
    return full_ticket(request, number)


@router.post("/tickets/{number}/unmerge", response=TicketOut, summary=_("取消并单（R20）"))
def unmerge(request, number: str, payload: UnmergeIn):
    _visible(request, number, "unmerge")
    unmerge_ticket(number, reason=payload.reason, actor=request.actor)
    return full_ticket(request, number)
