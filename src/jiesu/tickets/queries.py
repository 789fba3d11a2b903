"""Reads, scoped to who is asking: one permission-checked accessor per resource."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from jiesu.core.errors import NotFound
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import Role
from jiesu.tickets.choices import OPEN_ASSIGNMENT_STATUSES, AssignmentStatus
from jiesu.tickets.models import Assignment, Reply, Ticket

SEES_ALL = {Role.OPERATOR, Role.PLATFORM_DISPATCHER, Role.SUPERVISOR, Role.ADMIN}


def sees_all(actor: Actor) -> bool:
    return actor.is_admin or (actor.role in SEES_ALL and (actor.role == Role.SUPERVISOR or actor.on_city_platform))


def visible_tickets(actor: Actor) -> QuerySet[Ticket]:
    """City platform staff and supervisors see every ticket; a county platform or a unit sees the
    tickets it holds an assignment on; a citizen sees their own."""
    qs = Ticket.objects.all()
    if sees_all(actor):
        return qs
    if actor.role == Role.CITIZEN:
        return qs.filter(created_by_id=actor.user_id)
    if actor.unit_id is None:
        return qs.none()
    held = Exists(Assignment.objects.filter(ticket=OuterRef("pk"), unit_id=actor.unit_id))
    if actor.on_platform:
        return qs.filter(held | Q(intake_unit_id=actor.unit_id))
    return qs.filter(held)


def get_ticket_for_user(actor: Actor, number: str) -> Ticket:
    ticket = visible_tickets(actor).select_related("region", "category", "primary").filter(number=number).first()
    if ticket is None:
        raise NotFound("ticket_not_found", f"工单{number}不存在或无权查看。")
    return ticket


def get_assignment_for_user(actor: Actor, assignment_id: int) -> Assignment:
    qs = Assignment.objects.select_related("unit", "ticket")
    if not sees_all(actor):
        qs = qs.filter(ticket__in=visible_tickets(actor))
    assignment = qs.filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound("assignment_not_found", f"交办单{assignment_id}不存在或无权查看。")
    return assignment


def get_reply_for_user(actor: Actor, reply_id: int) -> Reply:
    reply = Reply.objects.filter(pk=reply_id).first()
    if reply is None:
        raise NotFound("reply_not_found", f"答复{reply_id}不存在。")
    get_assignment_for_user(actor, reply.assignment_id)
    return reply


def ticket_page(
    actor: Actor,
    *,
    status: str | None = None,
    unit: str | None = None,
    overdue: bool | None = None,
    page: int = 1,
    page_size: int = 50,
    now: datetime,
) -> tuple[list[Ticket], bool]:
    """One page of tickets, newest first, without a full count: fetch one row more to know
    whether there is a next page."""
    qs = visible_tickets(actor)
    if status:
        qs = qs.filter(status=status)
    if unit:
        qs = qs.filter(Exists(Assignment.objects.filter(ticket=OuterRef("pk"), unit__code=unit)))
    if overdue is not None:
        # overdue on either clock: not signed in time (签收超期) or not answered in time (办结超期)
        late = Exists(
            Assignment.objects.filter(
                Q(status=AssignmentStatus.PENDING_SIGN, sign_deadline__lt=now)
                | Q(status__in=OPEN_ASSIGNMENT_STATUSES, answer_deadline__lt=now),
                ticket=OuterRef("pk"),
            )
        )
        qs = qs.filter(late) if overdue else qs.exclude(late)
    offset = (page - 1) * page_size
    rows = list(
        qs.select_related("region", "category", "primary").order_by("-created_at", "-id")[offset : offset + page_size + 1]
    )
    return rows[:page_size], len(rows) > page_size
