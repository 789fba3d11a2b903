"""The one low-level writer of the event log, and the registry of its typed writers.

Every writer in this package is registered with ``@writes(kind)``: one function per
``EventKind``, named after the kind (``dispatched`` for ``EventKind.DISPATCHED``), or after the
kind with ``_row`` when it builds an unsaved event for the SLA sweep's bulk insert
(``sign_overdue_row``). ``tests/test_event_writers.py`` checks that every kind has exactly one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django.utils import timezone

from jiesu.organisation.actor import Actor
from jiesu.tickets import hooks
from jiesu.tickets.models import Assignment, Event, Ticket

F = TypeVar("F", bound=Callable[..., Event])

WRITERS: dict[str, Callable[..., Event]] = {}


def writes(kind: str) -> Callable[[F], F]:
    """Register ``func`` as the writer of ``kind``; a second writer of one kind is refused."""

    def register(func: F) -> F:
        if kind in WRITERS:
            raise RuntimeError(
                f"event kind {kind!r} already has a writer: {WRITERS[kind].__name__}"
            )
        WRITERS[kind] = func
        func.kind = kind  # type: ignore[attr-defined]
        return func

    return register


def local_iso(value: datetime) -> str:
    """A deadline as the sweep and the recomputation store it: Asia/Shanghai, ISO 8601."""
    return timezone.localtime(value).isoformat()


def _write(
    ticket: Ticket,
    kind: str,
    *,
    actor: Actor,
    at: datetime,
    assignment: Assignment | None = None,
    data: dict[str, Any],
) -> Event:
    event = Event.objects.create(
        ticket=ticket,
        assignment=assignment,
        kind=kind,
        at=at,
        actor_id=actor.user_id,
        actor_name=actor.username,
        actor_role=actor.role,
        actor_unit=actor.unit,
        data=data,
    )
    hooks.event_written(event)
    return event


def _build(
    ticket_id: int,
    kind: str,
    *,
    actor: Actor,
    at: datetime,
    assignment_id: int | None = None,
    data: dict[str, Any],
) -> Event:
    """An unsaved event for the SLA sweep's ``bulk_create``."""
    return Event(
        ticket_id=ticket_id,
        assignment_id=assignment_id,
        kind=kind,
        at=at,
        actor_id=actor.user_id,
        actor_name=actor.username,
        actor_role=actor.role,
        actor_unit=actor.unit,
        data=data,
    )


def _given(**values: Any) -> dict[str, Any]:
    """The optional keys that were given (not ``None``), in order."""
    return {key: value for key, value in values.items() if value is not None}
