"""Events of the supervision desk's tasks on a ticket: escalations (提级协调), supervisions (督办),
leaders' instructions (批示), misconduct clues (R19), and the owners' feedback on them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jiesu.organisation.actor import Actor
from jiesu.tickets.choices import EventKind
from jiesu.tickets.events._base import _write, writes
from jiesu.tickets.models import Event, Ticket


@writes(EventKind.ESCALATED)
def escalated(
    ticket: Ticket,
    *,
    actor: Actor,
    at: datetime,
    escalation: int,
    level: str,
    level_label: str,
    unit: str | None,
    reason: str,
    from_: dict[str, Any],
    deadline: datetime,
) -> Event:
    """``from_`` is the class and key-request mark before the escalation (stored as ``from``)."""
    return _write(
        ticket,
        EventKind.ESCALATED,
        actor=actor,
        at=at,
        data={
            "escalation": escalation,
            "level": level,
            "level_label": str(level_label),  # a lazy label as the text it reads now
            "unit": unit,
            "reason": reason,
            "from": from_,
            "deadline": deadline.isoformat(),
        },
    )


@writes(EventKind.ESCALATION_FEEDBACK)
def escalation_feedback(
    ticket: Ticket,
    *,
    actor: Actor,
    at: datetime,
    escalation: int,
    level: str,
    feedback: str,
    on_time: bool,
) -> Event:
    return _write(
        ticket,
        EventKind.ESCALATION_FEEDBACK,
        actor=actor,
        at=at,
        data={
            "escalation": escalation,
            "level": level,
            "feedback": feedback,
            "on_time": on_time,
        },
    )


@writes(EventKind.SUPERVISION_OPENED)
def supervision_opened(
    ticket: Ticket,
    *,
    actor: Actor,
    at: datetime,
    supervision: int,
    reason: str,
    deadline: datetime,
    from_track: str,
    unit: str | None,
) -> Event:
    return _write(
        ticket,
        EventKind.SUPERVISION_OPENED,
        actor=actor,
        at=at,
        data={
            "supervision": supervision,
            "reason": reason,
            "deadline": deadline.isoformat(),
            "from_track": from_track,
            "unit": unit,
        },
    )


@writes(EventKind.SUPERVISION_CLOSED)
def supervision_closed(
    ticket: Ticket, *, actor: Actor, at: datetime, supervision: int, result: str, on_time: bool
) -> Event:
    return _write(
        ticket,
        EventKind.SUPERVISION_CLOSED,
        actor=actor,
        at=at,
        data={
            "supervision": supervision,
            "result": result,
            "on_time": on_time,
        },
    )


@writes(EventKind.SUPERVISION_FEEDBACK)
def supervision_feedback(
    ticket: Ticket, *, actor: Actor, at: datetime, supervision: int, feedback: str, on_time: bool
) -> Event:
    return _write(
        ticket,
        EventKind.SUPERVISION_FEEDBACK,
        actor=actor,
        at=at,
        data={
            "supervision": supervision,
            "feedback": feedback,
            "on_time": on_time,
        },
    )


@writes(EventKind.INSTRUCTION)
def instruction(
    ticket: Ticket,
    *,
    actor: Actor,
    at: datetime,
    instruction: int,
    leader: str,
    content: str,
    unit: str,
    deadline: datetime,
) -> Event:
    return _write(
        ticket,
        EventKind.INSTRUCTION,
        actor=actor,
        at=at,
        data={
            "instruction": instruction,
            "leader": leader,
            "content": content,
            "unit": unit,
            "deadline": deadline.isoformat(),
        },
    )


@writes(EventKind.INSTRUCTION_FEEDBACK)
def instruction_feedback(
    ticket: Ticket, *, actor: Actor, at: datetime, instruction: int, feedback: str, on_time: bool
) -> Event:
    return _write(
        ticket,
        EventKind.INSTRUCTION_FEEDBACK,
        actor=actor,
        at=at,
        data={
            "instruction": instruction,
            "feedback": feedback,
            "on_time": on_time,
        },
    )


@writes(EventKind.CLUE_TRANSFERRED)
def clue_transferred(ticket: Ticket, *, actor: Actor, at: datetime, clue: int) -> Event:
    """Only the clue's id: its content stays on the record, read by the supervision desk only, and
    the event itself is hidden from handling units (``tickets.queries.visible_events``)."""
    return _write(ticket, EventKind.CLUE_TRANSFERRED, actor=actor, at=at, data={"clue": clue})
