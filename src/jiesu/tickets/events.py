"""Keyword-only writers of the append-only event log (its scoped reader is ``queries.visible_events``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jiesu.organisation.actor import Actor
from jiesu.tickets.models import Assignment, Event, Ticket


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
