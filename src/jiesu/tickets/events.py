"""Keyword-only writers of the append-only event log, and its one scoped reader."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import Role
from jiesu.tickets.choices import SUPERVISION_ONLY_EVENT_KINDS
from jiesu.tickets.models import Assignment, Event, Ticket


def visible_events(actor: Actor, ticket: Ticket) -> QuerySet[Event]:
    """The log of a ticket the actor may see (fetched through ``get_ticket_for_user``), in order.
    Platform staff and supervisors read all of it; handling units and citizens do not see the
    supervision-only kinds — a misconduct clue (R19) may be about the unit itself."""
    qs = ticket.events.select_related("actor_unit").order_by("id")
    if actor.on_platform or actor.role == Role.SUPERVISOR:
        return qs
    return qs.exclude(kind__in=SUPERVISION_ONLY_EVENT_KINDS)


def record(
    *,
    ticket: Ticket,
    kind: str,
    actor: Actor,
    at: datetime,
    assignment: Assignment | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    return Event.objects.create(
        ticket=ticket,
        assignment=assignment,
        kind=kind,
        at=at,
        actor_id=actor.user_id,
        actor_name=actor.username,
        actor_role=actor.role,
        actor_unit=actor.unit,
        data=data or {},
    )


def build(
    *,
    ticket_id: int,
    kind: str,
    actor: Actor,
    at: datetime,
    assignment_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """An unsaved event for bulk writers (the SLA sweep)."""
    return Event(
        ticket_id=ticket_id,
        assignment_id=assignment_id,
        kind=kind,
        at=at,
        actor_id=actor.user_id,
        actor_name=actor.username,
        actor_role=actor.role,
        actor_unit=actor.unit,
        data=data or {},
    )
