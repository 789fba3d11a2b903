"""Events of a unit's reply and its review chain (R16)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jiesu.organisation.actor import Actor
from jiesu.tickets.choices import EventKind
from jiesu.tickets.events._base import _write, writes
from jiesu.tickets.models import Assignment, Event, Ticket


@writes(EventKind.REPLY_SUBMITTED)
def reply_submitted(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    reply: int,
    content: str,
    levels: Any,
) -> Event:
    return _write(
        ticket,
        EventKind.REPLY_SUBMITTED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "reply": reply,
            "content": content,
            "levels": levels,
        },
    )


@writes(EventKind.REPLY_REVIEWED)
def reply_reviewed(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    reply: int,
    level: Any,
    approve: bool,
    comment: str,
) -> Event:
    return _write(
        ticket,
        EventKind.REPLY_REVIEWED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "reply": reply,
            "level": level,
            "approve": approve,
            "comment": comment,
        },
    )


@writes(EventKind.REPLY_SENT_BACK)
def reply_sent_back(
    ticket: Ticket, assignment: Assignment, *, actor: Actor, at: datetime, reply: int, reason: str
) -> Event:
    return _write(
        ticket,
        EventKind.REPLY_SENT_BACK,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "reply": reply,
            "reason": reason,
        },
    )


@writes(EventKind.REPLY_APPROVED)
def reply_approved(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    reply: int,
    on_time: bool,
    from_child: int | None = None,
) -> Event:
    """``from_child`` when an assisting unit's approved reply is recorded on its parent."""
    data: dict[str, Any] = {"reply": reply}
    if from_child is not None:
        data["from_child"] = from_child
    data["on_time"] = on_time
    return _write(
        ticket, EventKind.REPLY_APPROVED, actor=actor, at=at, assignment=assignment, data=data
    )


@writes(EventKind.TICKET_REPLIED)
def ticket_replied(
    ticket: Ticket, assignment: Assignment, *, actor: Actor, at: datetime, reply: int, unit: str
) -> Event:
    return _write(
        ticket,
        EventKind.TICKET_REPLIED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "reply": reply,
            "unit": unit,
        },
    )
