"""The supervision desk's endpoints (R18, R19): escalate, supervise, instructions, clues, and
the supervisor's list of supervisions. The ticket is fetched first: what a person cannot see
is 404, and only then is the desk checked (403).

Escalations, supervisions and instructions are tasks: their owners answer them
(``/…/{id}/feedback``) and find them in their queues (``/…/mine``)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status

from jiesu.core.schemas import Input
from jiesu.organisation import permissions
from jiesu.supervision import actions
from jiesu.supervision.choices import EscalationLevel
from jiesu.supervision.models import ClueTransfer, Escalation, Instruction, Supervision, Task
from jiesu.supervision.queries import (
    get_supervision_for_user,
    get_task_for_user,
    is_overdue,
    my_task_page,
    repeat_unsatisfied_page,
    supervision_page,
    task_overdue,
)
from jiesu.tickets import queries
from jiesu.tickets.serializers import local

router = Router(tags=["supervision"])


class EscalateIn(Input):
    reason: str = ""


class TaskFields(Schema):
    """What every task shows: its owner, deadline and feedback."""

    owner: str | None
    owner_name: str | None
    deadline: datetime | None
    open: bool
    overdue: bool
    feedback: str
    feedback_by: str | None
    feedback_at: datetime | None


class FeedbackIn(Input):
    feedback: str = ""


class EscalationOut(TaskFields):
    id: int
    subject: str
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
    unit: str = ""


class SupervisionCloseIn(Input):
    result: str = ""


class SupervisionOut(TaskFields):
    id: int
    ticket: str
    subject: str
    ticket_status: str
    reason: str
    deadline: datetime
    opened_at: datetime
    opened_by: str | None
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


class PageFilter(Schema):
    page: int = 1


class EscalationPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[EscalationOut]


class InstructionIn(Input):
    leader: str = ""
    content: str = ""
    unit: str = ""


class InstructionOut(TaskFields):
    id: int
    ticket: str
    subject: str
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


CITY_GOVERNMENT_OWNER = _("市政府（督查室代为跟踪）")


def task_fields(t: Task, now: datetime) -> dict:
    city = isinstance(t, Escalation) and t.level == EscalationLevel.CITY_GOVERNMENT
    is_open = t.feedback_at is None and not (isinstance(t, Supervision) and t.closed_at)
    return {
        "owner": t.unit.code if t.unit_id else None,
        "owner_name": str(CITY_GOVERNMENT_OWNER) if city else (t.unit.name if t.unit_id else None),
        "deadline": local(t.deadline),
        "open": is_open,
        "overdue": task_overdue(t, now),
        "feedback": t.feedback,
        "feedback_by": t.feedback_by.get_username() if t.feedback_by_id else None,
        "feedback_at": local(t.feedback_at),
    }


def escalation_dict(e: Escalation, now: datetime | None = None) -> dict:
    return task_fields(e, now or timezone.now()) | {
        "id": e.pk,
        "ticket": e.ticket.number,
        "subject": e.ticket.subject,
        "level": e.level,
        "level_label": e.get_level_display(),
        "unit": e.unit.code if e.unit_id else None,
        "reason": e.reason,
        "at": local(e.at),
        "dispatch_class": e.ticket.dispatch_class,
        "key_request": e.ticket.key_request,
    }


def supervision_dict(s: Supervision, now: datetime) -> dict:
    return task_fields(s, now) | {
        "id": s.pk,
        "ticket": s.ticket.number,
        "subject": s.ticket.subject,
        "ticket_status": s.ticket.status,
        "reason": s.reason,
        "deadline": local(s.deadline),
        "opened_at": local(s.opened_at),
        "opened_by": s.opened_by.get_username() if s.opened_by_id else None,
        # the supervision stays open until the desk closes it, answered or not
        "open": s.is_open,
        "overdue": is_overdue(s, now),
        "closed_at": local(s.closed_at),
        "result": s.result,
    }


def instruction_dict(i: Instruction, now: datetime | None = None) -> dict:
    return task_fields(i, now or timezone.now()) | {
        "id": i.pk,
        "ticket": i.ticket.number,
        "subject": i.ticket.subject,
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


@router.post(
    "/tickets/{number}/escalate", response={201: EscalationOut}, summary=_("提级协调（R18）")
)
def escalate(request, number: str, payload: EscalateIn):
    _ticket(request, number, "escalate")
    escalation = actions.escalate_ticket(number, reason=payload.reason, actor=request.actor)
    return Status(201, escalation_dict(escalation))


@router.post(
    "/tickets/{number}/supervise", response={201: SupervisionOut}, summary=_("督办（R18）")
)
def supervise(request, number: str, payload: SuperviseIn):
    _ticket(request, number, "supervise")
    supervision = actions.open_supervision(
        number,
        reason=payload.reason,
        deadline=payload.deadline,
        unit=payload.unit,
        actor=request.actor,
    )
    return Status(201, supervision_dict(supervision, timezone.now()))


@router.get("/supervisions", response=SupervisionPage, summary=_("督办列表（督导端，超期标记）"))
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


@router.post("/supervisions/{supervision_id}/close", response=SupervisionOut, summary=_("督办办结"))
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
    summary=_("登记领导批示（批示件）"),
)
def instruction(request, number: str, payload: InstructionIn):
    _ticket(request, number, "instruct")
    item = actions.record_instruction(
        number,
        leader=payload.leader,
        content=payload.content,
        unit=payload.unit,
        actor=request.actor,
    )
    return Status(201, instruction_dict(item))


@router.post(
    "/tickets/{number}/clues", response={201: ClueOut}, summary=_("问题线索移交纪检监察（R19）")
)
def clue(request, number: str, payload: ClueIn):
    _ticket(request, number, "transfer_clue")
    item = actions.transfer_clue(
        number, unit=payload.unit, content=payload.content, actor=request.actor
    )
    return Status(201, clue_dict(item))


# --- tasks: the owner's feedback and queues ---------------------------------------------------


def _page(request, model, filters: PageFilter, to_dict) -> dict:
    page, size = max(filters.page, 1), settings.JIESU_API_PAGE_SIZE
    rows, has_next = my_task_page(request.actor, model, page=page, page_size=size)
    now = timezone.now()
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [to_dict(t, now) for t in rows],
    }


def _feedback(request, model, task_id: int, payload: FeedbackIn):
    get_task_for_user(request.actor, model, task_id)
    return actions.give_feedback(model, task_id, feedback=payload.feedback, actor=request.actor)


class InstructionPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[InstructionOut]


@router.get("/escalations/mine", response=EscalationPage, summary=_("我的提级协调待反馈"))
def my_escalations(request, filters: Query[PageFilter]):
    return _page(request, Escalation, filters, escalation_dict)


@router.post(
    "/escalations/{escalation_id}/feedback",
    response=EscalationOut,
    summary=_("提级协调反馈（承办单位领导；提请市政府的由督查室代为反馈）"),
)
def escalation_feedback(request, escalation_id: int, payload: FeedbackIn):
    return escalation_dict(_feedback(request, Escalation, escalation_id, payload))


@router.get(
    "/supervisions/mine", response=SupervisionPage, summary=_("我的督办待反馈（被督办单位）")
)
def my_supervisions(request, filters: Query[PageFilter]):
    return _page(request, Supervision, filters, supervision_dict)


@router.post(
    "/supervisions/{supervision_id}/feedback",
    response=SupervisionOut,
    summary=_("督办反馈（被督办单位）"),
)
def supervision_feedback(request, supervision_id: int, payload: FeedbackIn):
    supervision = _feedback(request, Supervision, supervision_id, payload)
    return supervision_dict(supervision, timezone.now())


@router.get("/instructions/mine", response=InstructionPage, summary=_("我的批示件待反馈"))
def my_instructions(request, filters: Query[PageFilter]):
    return _page(request, Instruction, filters, instruction_dict)


@router.post(
    "/instructions/{instruction_id}/feedback",
    response=InstructionOut,
    summary=_("批示件反馈（跟踪办理单位）"),
)
def instruction_feedback(request, instruction_id: int, payload: FeedbackIn):
    return instruction_dict(_feedback(request, Instruction, instruction_id, payload))


# --- 反复投诉长期未解决的不满意件 (plan item 14) ------------------------------------------------


class RepeatUnsatisfiedOut(Schema):
    number: str
    subject: str
    status: str
    region: str
    category: str | None
    created_at: datetime
    unsatisfied: int
    last_unsatisfied_at: datetime | None
    open_working_days: float
    repeated: bool
    long_unresolved: bool
    supervised: bool
    dispatch_class: str


class RepeatUnsatisfiedPage(Schema):
    page: int
    page_size: int
    has_next: bool
    repeat_min: int
    long_days: int
    items: list[RepeatUnsatisfiedOut]


def repeat_unsatisfied_dict(t, now: datetime, calendar) -> dict:
    days = round(calendar.working_days_between(t.created_at, now), 2)
    return {
        "number": t.number,
        "subject": t.subject,
        "status": t.status,
        "region": t.region.code,
        "category": t.category.code if t.category_id else None,
        "created_at": local(t.created_at),
        "unsatisfied": t.unsatisfied,
        "last_unsatisfied_at": local(t.last_unsatisfied_at),
        "open_working_days": days,
        "repeated": t.unsatisfied >= settings.JIESU_REPEAT_UNSATISFIED_MIN,
        "long_unresolved": days > settings.JIESU_LONG_UNRESOLVED_DAYS,
        "supervised": t.supervised,
        "dispatch_class": t.dispatch_class,
    }


@router.get(
    "/supervisions/repeat-unsatisfied",
    response=RepeatUnsatisfiedPage,
    summary=_("反复投诉长期未解决的不满意件（督导端）"),
)
def repeat_unsatisfied(request, filters: Query[PageFilter]):
    from jiesu.workdays.loader import get_calendar

    permissions.require(request.actor, "list_repeat_unsatisfied")
    page, size = max(filters.page, 1), settings.JIESU_API_PAGE_SIZE
    now = timezone.now()
    rows, has_next = repeat_unsatisfied_page(request.actor, now=now, page=page, page_size=size)
    calendar = get_calendar()
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "repeat_min": settings.JIESU_REPEAT_UNSATISFIED_MIN,
        "long_days": settings.JIESU_LONG_UNRESOLVED_DAYS,
        "items": [repeat_unsatisfied_dict(t, now, calendar) for t in rows],
    }
