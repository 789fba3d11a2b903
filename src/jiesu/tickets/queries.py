"""Reads, scoped to who is asking: one permission-checked accessor per resource, and the row
locks the actions take. Who sees what is decided in ``organisation.permissions``; a thing out
of sight answers exactly as one that does not exist."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed
from jiesu.core.paging import page_window, split_page
from jiesu.organisation.actor import CALLER, Actor
from jiesu.organisation.choices import Role
from jiesu.organisation.models import Unit
from jiesu.organisation.permissions import (
    assignment_not_found,
    reply_not_found,
    sees_all,
    sees_supervision_events,
    ticket_not_found,
)
from jiesu.tickets.choices import SUPERVISION_ONLY_EVENT_KINDS, TicketStatus
from jiesu.tickets.models import Assignment, Event, Reply, Ticket


def visible_parts(actor: Actor) -> list[QuerySet[Ticket]]:
    """What ``actor`` may see, as parts whose union it is: city platform staff and supervisors
    see every ticket; a unit the tickets it holds an assignment on; a county platform those plus
    the ones it took in; a citizen their own. Lists read the parts separately, each one an index
    can serve newest-first (asked as one OR, the database hashes the platform's whole assignment
    history on every page)."""
    qs = Ticket.objects.all()
    if sees_all(actor):
        return [qs]
    if actor.role == CALLER and actor.ticket_number:
        return [qs.filter(number=actor.ticket_number)]
    if actor.role in (Role.CITIZEN, CALLER):
        if actor.user_id is None:
            return [qs.none()]
        return [qs.filter(created_by_id=actor.user_id)]
    if actor.unit_id is None:
        return [qs.none()]
    held = qs.filter(
        Exists(Assignment.objects.filter(ticket=OuterRef("pk"), unit_id=actor.unit_id))
    )
    if actor.on_platform:
        return [held, qs.filter(intake_unit_id=actor.unit_id)]
    return [held]


def visible_tickets(actor: Actor) -> QuerySet[Ticket]:
    """The union of ``visible_parts`` as one queryset, for lookups of a single ticket."""
    first, *rest = visible_parts(actor)
    for part in rest:
        first = first | part
    return first


def get_ticket_for_user(actor: Actor, number: str) -> Ticket:
    ticket = (
        visible_tickets(actor)
        .select_related("region", "category", "primary", "accepted_unit", "accepted_primary")
        .filter(number=number)
        .first()
    )
    if ticket is None:
        raise ticket_not_found(number)
    return ticket


def visible_events(actor: Actor, ticket: Ticket) -> QuerySet[Event]:
    """The log of a ticket the actor may see (fetched through ``get_ticket_for_user``), in order.
    Platform staff and supervisors read all of it; handling units and citizens do not see the
    supervision-only kinds — a misconduct clue (R19) may be about the unit itself."""
    qs = ticket.events.select_related("actor_unit").order_by("id")
    if sees_supervision_events(actor):
        return qs
    return qs.exclude(kind__in=SUPERVISION_ONLY_EVENT_KINDS)


def get_assignment_for_user(actor: Actor, assignment_id: int) -> Assignment:
    qs = Assignment.objects.select_related("unit", "ticket")
    if not sees_all(actor):
        qs = qs.filter(ticket__in=visible_tickets(actor))
    assignment = qs.filter(pk=assignment_id).first()
    if assignment is None:
        raise assignment_not_found(assignment_id)
    return assignment


def get_reply_for_user(actor: Actor, reply_id: int) -> Reply:
    """A reply on an assignment the actor may see; one that is not theirs is ``reply_not_found``
    exactly like one that does not exist (no id oracle)."""
    qs = Reply.objects.all()
    if not sees_all(actor):
        qs = qs.filter(assignment__ticket__in=visible_tickets(actor))
    reply = qs.filter(pk=reply_id).first()
    if reply is None:
        raise reply_not_found(reply_id)
    return reply


def locked_ticket(number: str) -> Ticket:
    """The ticket locked for an action (``select_for_update``); the action then asks
    ``permissions.require`` whether this actor may see it and act on it."""
    ticket = Ticket.objects.select_for_update().filter(number=number).first()
    if ticket is None:
        raise ticket_not_found(number)
    return ticket


def locked_assignment(assignment_id: int) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("ticket", "unit__region", "parent")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise assignment_not_found(assignment_id)
    return assignment


def _list_conditions(
    *,
    status: str | None,
    unit: str | None,
    overdue: bool | None,
    awaiting_callback: bool | None = None,
) -> list:
    conditions: list = []
    if status:
        if status not in TicketStatus.values:
            raise ValidationFailed(
                "invalid_status",
                _("未知的工单状态：%(status)s。") % {"status": status},
                field="status",
            )
        conditions.append(Q(status=status))
    if unit:
        unit_id = Unit.objects.filter(code=unit).values_list("pk", flat=True).first()
        if unit_id is None:
            raise ValidationFailed(
                "unknown_unit", _("未知的单位编码：%(unit)s。") % {"unit": unit}, field="unit"
            )
        conditions.append(Exists(Assignment.objects.filter(ticket=OuterRef("pk"), unit_id=unit_id)))
    if overdue is not None:
        # the flag the SLA sweep keeps (every minute); a partial index serves the overdue list
        conditions.append(Q(overdue=overdue))
    if awaiting_callback is not None:
        # kept by the actions; a partial index serves the callback list (R17)
        conditions.append(Q(awaiting_callback=awaiting_callback))
    return conditions


def ticket_page(
    actor: Actor,
    *,
    status: str | None = None,
    unit: str | None = None,
    overdue: bool | None = None,
    awaiting_callback: bool | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Ticket], bool]:
    """One page of tickets, newest first, without a full count: fetch one row more to know
    whether there is a next page."""
    offset, stop = page_window(page, page_size)  # a county platform reads `stop` rows per part
    conditions = _list_conditions(
        status=status, unit=unit, overdue=overdue, awaiting_callback=awaiting_callback
    )
    parts = [
        part.filter(*conditions)
        .select_related("region", "category", "primary")
        .order_by("-created_at", "-id")
        for part in visible_parts(actor)
    ]
    if len(parts) == 1:
        rows = list(parts[0][offset:stop])
    else:
        merged = {t.pk: t for part in parts for t in part[:stop]}
        rows = sorted(merged.values(), key=lambda t: (t.created_at, t.pk), reverse=True)[
            offset:stop
        ]
    return split_page(rows, page_size)
