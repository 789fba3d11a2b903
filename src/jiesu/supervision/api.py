"""The supervision desk's endpoints (R18, R19): escalate, supervise, instructions, clues, and
the supervisor's list of supervisions. The ticket is fetched first: what a person cannot see
is 404, and only then is the desk checked (403)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from jiesu.core.schemas import Input
from jiesu.organisation import permissions
from jiesu.supervision import actions
from jiesu.supervision.models import ClueTransfer, Escalation, Instruction, Supervision
from jiesu.supervision.queries import get_supervision_for_user, is_overdue, supervision_page
from jiesu.tickets import queries
from jiesu.tickets.serializers import local

router = Router(tags=["supervision"])


class EscalateIn(Input):
    reason: str = ""


class EscalationOut(Schema):
    id: int
    ticket: str
    level: str
    level_label: str
    unit: str | None
    reason: str
    at: datetime
    dispatch_class: str
    key_request: bool


class SuperviseIn(Input):
    reason: str = ""
    deadline: str = ""


class SupervisionCloseIn(Input):
    result: str = ""


class SupervisionOut(Schema):
    id: int
    ticket: str
    subject: str
    ticket_status: str
    reason: str
    deadline: datetime
    opened_at: datetime
    opened_by: str | None
    open: bool
    overdue: bool
    closed_at: datetime | None
    result: str


class SupervisionPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[SupervisionOut]


class SupervisionFilter(Schema):
    open: bool | None = None
    page: int = 1


class InstructionIn(Input):
    leader: str = ""
    content: str = ""


class InstructionOut(Schema):
    id: int
    ticket: str
    leader: str
    content: str
    at: datetime


class ClueIn(Input):
    unit: str = ""
    content: str = ""


class ClueOut(Schema):
    id: int
    ticket: str
    unit: str
    unit_name: str
    content: str
    at: datetime


def escalation_dict(e: Escalation) -> dict:
    return {
        "id": e.pk,
        "ticket": e.ticket.number,
        "level": e.level,
        "level_label": e.get_level_display(),
        "unit": e.unit.code if e.unit_id else None,
        "reason": e.reason,
        "at": local(e.at),
        "dispatch_class": e.ticket.dispatch_class,
        "key_request": e.ticket.key_request,
    }


def supervision_dict(s: Supervision, now: datetime) -> dict:
    return {
        "id": s.pk,
        "ticket": s.ticket.number,
        "subject": s.ticket.subject,
        "ticket_status": s.ticket.status,
        "reason": s.reason,
        "deadline": local(s.deadline),
        "opened_at": local(s.opened_at),
        "opened_by": s.opened_by.get_username() if s.opened_by_id else None,
        "open": s.is_open,
        "overdue": is_overdue(s, now),
        "closed_at": local(s.closed_at),
        "result": s.result,
    }


def instruction_dict(i: Instruction) -> dict:
    return {
        "id": i.pk,
        "ticket": i.ticket.number,
        "leader": i.leader,
        "content": i.content,
        "at": local(i.at),
    }


def clue_dict(c: ClueTransfer) -> dict:
    return {
        "id": c.pk,
        "ticket": c.ticket.number,
        "unit": c.unit.code,
        "unit_name": c.unit.name,
        "content": c.content,
        "at": local(c.at),
    }


def _ticket(request, number: str, verb: str) -> None:
    ticket = queries.get_ticket_for_user(request.actor, number)
    permissions.require(request.actor, verb, ticket)


@router.post("/tickets/{number}/escalate", response={201: EscalationOut}, summary="提级协调（R18）")
def escalate(request, number: str, payload: EscalateIn):
    _ticket(request, number, "escalate")
    escalation = actions.escalate_ticket(number, reason=payload.reason, actor=request.actor)
    return Status(201, escalation_dict(escalation))


@router.post("/tickets/{number}/supervise", response={201: SupervisionOut}, summary="督办（R18）")
def supervise(request, number: str, payload: SuperviseIn):
    _ticket(request, number, "supervise")
    supervision = actions.open_supervision(
        number, reason=payload.reason, deadline=payload.deadline, actor=request.actor
    )
    return Status(201, supervision_dict(supervision, timezone.now()))


@router.get("/supervisions", response=SupervisionPage, summary="督办列表（督导端，超期标记）")
def list_supervisions(request, filters: Query[SupervisionFilter]):
    permissions.require(request.actor, "list_supervisions")
    page, size = max(filters.page, 1), settings.JIESU_API_PAGE_SIZE
    rows, has_next = supervision_page(request.actor, open_=filters.open, page=page, page_size=size)
    now = timezone.now()
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [supervision_dict(s, now) for s in rows],
    }


@router.post("/supervisions/{supervision_id}/close", response=SupervisionOut, summary="督办办结")
def close_supervision(request, supervision_id: int, payload: SupervisionCloseIn):
    supervision = get_supervision_for_user(request.actor, supervision_id)
    permissions.require(request.actor, "close_supervision", supervision.ticket)
    supervision = actions.close_supervision(
        supervision_id, result=payload.result, actor=request.actor
    )
    return supervision_dict(supervision, timezone.now())


@router.post(
    "/tickets/{number}/instructions",
    response={201: InstructionOut},
    summary="登记领导批示（批示件）",
)
def instruction(request, number: str, payload: InstructionIn):
    _ticket(request, number, "instruct")
    item = actions.record_instruction(
        number, leader=payload.leader, content=payload.content, actor=request.actor
    )
    return Status(201, instruction_dict(item))


@router.post(
    "/tickets/{number}/clues", response={201: ClueOut}, summary="问题线索移交纪检监察（R19）"
)
def clue(request, number: str, payload: ClueIn):
    _ticket(request, number, "transfer_clue")
    item = actions.transfer_clue(
        number, unit=payload.unit, content=payload.content, actor=request.actor
    )
    return Status(201, clue_dict(item))
