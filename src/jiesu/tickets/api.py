"""Thin endpoints: parse → fetch through a permission-checked accessor → call an action → respond."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status

from jiesu.audit.actions import record_personal_data_read
from jiesu.audit.choices import ReadChannel
from jiesu.intelligence.schemas import TicketWithSuggestionsOut
from jiesu.intelligence.suggest import Call, suggest
from jiesu.organisation import permissions
from jiesu.tickets import actions, queries
from jiesu.tickets.models import Assignment
from jiesu.tickets.schemas import (
    AnswerIn,
    AssignmentOut,
    CallbackIn,
    CallbackOut,
    CloseIn,
    DispatchIn,
    EventOut,
    ReplyIn,
    ReplyOut,
    ReviewIn,
    TicketIn,
    TicketOut,
    TicketPage,
)
from jiesu.tickets.serializers import assignment_dict, event_dict, local, reply_dict, ticket_dict

router = Router(tags=["tickets"])


def full_ticket(request, number: str) -> dict:
    """The full ticket, caller unmasked for the platform: every such showing is audited."""
    actor = request.actor
    ticket = queries.get_ticket_for_user(actor, number)
    now = timezone.now()
    record_personal_data_read(actor=actor, ticket=ticket, channel=ReadChannel.API, now=now)
    assignments = list(
        Assignment.objects.filter(ticket=ticket).select_related("unit").order_by("id")
    )
    return ticket_dict(ticket, actor, now, assignments=assignments)


@router.post("/tickets", response={201: TicketWithSuggestionsOut}, summary=_("受理诉求（R10）"))
def create_ticket(request, payload: TicketIn, suggestions: bool = False):
    data = payload.intake_data()
    ticket = actions.intake_ticket(data, actor=request.actor)
    body = ticket_dict(ticket, request.actor, timezone.now(), assignments=[])
    if suggestions:  # ?suggestions=true (issue 9): plain intake computes none
        call = Call(
            ticket.subject,
            ticket.content,
            ticket.caller_phone,
            ticket.region,
            ticket.address,
            ticket_id=ticket.pk,
        )
        body["suggestions"] = suggest(call, now=ticket.created_at)
    return Status(201, body)


class TicketFilter(Schema):
    status: str | None = None
    unit: str | None = None
    overdue: bool | None = None
    page: int = 1


@router.get("/tickets", response=TicketPage, summary=_("工单列表（不做全量计数）"))
def list_tickets(request, filters: Query[TicketFilter]):
    return _ticket_page(
        request, filters.page, status=filters.status, unit=filters.unit, overdue=filters.overdue
    )


def _ticket_page(request, page: int, **filters) -> dict:
    page = max(page, 1)
    size = settings.JIESU_API_PAGE_SIZE
    now = timezone.now()
    rows, has_next = queries.ticket_page(request.actor, page=page, page_size=size, **filters)
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [ticket_dict(t, request.actor, now, full=False) for t in rows],
    }


class PageFilter(Schema):
    page: int = 1


@router.get("/callbacks/due", response=TicketPage, summary=_("待回访工单（R17）"))
def callbacks_due(request, filters: Query[PageFilter]):
    """Answers waiting for their callback — replied tickets, online answers drawn for the sample,
    merged tickets closed with their primary — that the caller's platform may call back."""
    permissions.require(request.actor, "callback")
    return _ticket_page(request, filters.page, awaiting_callback=True)


@router.get("/tickets/{number}", response=TicketOut, summary=_("工单详情"))
def get_ticket(request, number: str):
    return full_ticket(request, number)


@router.get("/tickets/{number}/events", response=list[EventOut], summary=_("工单事件记录"))
def ticket_events(request, number: str):
    ticket = queries.get_ticket_for_user(request.actor, number)
    return [event_dict(e) for e in queries.visible_events(request.actor, ticket)]


@router.post(
    "/tickets/{number}/answer-online", response=TicketOut, summary=_("在线直办答复（R11）")
)
def answer_online(request, number: str, payload: AnswerIn):
    queries.get_ticket_for_user(request.actor, number)
    actions.answer_online(number, payload.answer, actor=request.actor)
    return full_ticket(request, number)


@router.post(
    "/tickets/{number}/dispatch", response={201: list[AssignmentOut]}, summary=_("派单（R13）")
)
def dispatch(request, number: str, payload: DispatchIn):
    queries.get_ticket_for_user(request.actor, number)
    created = actions.dispatch_ticket(
        number, main_unit=payload.main_unit, assist_units=payload.assist_units, actor=request.actor
    )
    now = timezone.now()
    return Status(201, [assignment_dict(a, now) for a in created])


@router.post("/assignments/{assignment_id}/sign", response=AssignmentOut, summary=_("签收（R14）"))
def sign(request, assignment_id: int):
    queries.get_assignment_for_user(request.actor, assignment_id)
    assignment = actions.sign_assignment(assignment_id, actor=request.actor)
    return assignment_dict(assignment, timezone.now())


@router.post(
    "/assignments/{assignment_id}/reply", response={201: ReplyOut}, summary=_("提交答复（R16）")
)
def reply(request, assignment_id: int, payload: ReplyIn):
    queries.get_assignment_for_user(request.actor, assignment_id)
    return Status(
        201, reply_dict(actions.submit_reply(assignment_id, payload.content, actor=request.actor))
    )


@router.post("/replies/{reply_id}/review", response=ReplyOut, summary=_("审核答复（R16）"))
def review(request, reply_id: int, payload: ReviewIn):
    queries.get_reply_for_user(request.actor, reply_id)
    return reply_dict(
        actions.review_reply(
            reply_id, approve=payload.approve, comment=payload.comment, actor=request.actor
        )
    )


@router.post("/tickets/{number}/callback", response={201: CallbackOut}, summary=_("回访（R17）"))
def callback(request, number: str, payload: CallbackIn):
    queries.get_ticket_for_user(request.actor, number)
    cb = actions.callback_ticket(
        number,
        result=payload.result,
        comment=payload.comment,
        escalate=payload.escalate,
        actor=request.actor,
    )
    cb.ticket.refresh_from_db(fields=["status"])
    return Status(
        201,
        {
            "id": cb.pk,
            "ticket": cb.ticket.number,
            "result": cb.result,
            "status": cb.ticket.status,
            "at": local(cb.at),
        },
    )


@router.post("/tickets/{number}/close", response=TicketOut, summary=_("办结"))
def close(request, number: str, payload: CloseIn):
    queries.get_ticket_for_user(request.actor, number)
    actions.close_ticket(number, reason=payload.reason, actor=request.actor)
    return full_ticket(request, number)
