"""Events of a ticket's life on the platform: intake, dispatch, signing, classification,
deadlines, withdrawal, merging, callback, rehandling and closing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from jiesu.organisation.actor import Actor
from jiesu.tickets.choices import EventKind
from jiesu.tickets.events._base import _given, _write, local_iso, writes
from jiesu.tickets.models import Assignment, Event, Ticket


@writes(EventKind.INTAKE)
def intake(
    ticket: Ticket,
    *,
    actor: Actor,
    at: datetime,
    channel: str,
    appeal_type: str,
    urgent: bool,
    category: str | None,
    region: str,
    dispatch_class: str,
    track: str,
    proposed_class: str | None,
    repeat_of: list[str],
    key_request: bool = False,
    accepted_unit: str | None = None,
    accepted_primary: str | None = None,
) -> Event:
    return _write(
        ticket,
        EventKind.INTAKE,
        actor=actor,
        at=at,
        data={
            "channel": channel,
            "appeal_type": appeal_type,
            "urgent": urgent,
            "category": category,
            "region": region,
            "dispatch_class": dispatch_class,
            "track": track,
            "key_request": key_request,
            "proposed_class": proposed_class,
            "repeat_of": repeat_of,
            "accepted_unit": accepted_unit,
            "accepted_primary": accepted_primary,
        },
    )


@writes(EventKind.ANSWERED_ONLINE)
def answered_online(ticket: Ticket, *, actor: Actor, at: datetime, answer: str) -> Event:
    return _write(ticket, EventKind.ANSWERED_ONLINE, actor=actor, at=at, data={"answer": answer})


@writes(EventKind.DISPATCHED)
def dispatched(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    unit: str,
    role: str,
    from_unit: str,
    parent: int | None,
    appeal_type: str,
    urgent: bool,
    answer_working_days: int,
    sign_deadline: datetime,
    answer_deadline: datetime,
) -> Event:
    return _write(
        ticket,
        EventKind.DISPATCHED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "unit": unit,
            "role": role,
            "from_unit": from_unit,
            "parent": parent,
            "appeal_type": appeal_type,
            "urgent": urgent,
            "answer_working_days": answer_working_days,
            "sign_deadline": sign_deadline.isoformat(),
            "answer_deadline": answer_deadline.isoformat(),
        },
    )


@writes(EventKind.SIGNED)
def signed(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    on_time: bool,
    via: str | None = None,
) -> Event:
    """``via`` names the step that signed on the unit's behalf (a redispatch, a refused return)."""
    data: dict[str, Any] = {"on_time": on_time}
    if via is not None:
        data["via"] = via
    return _write(ticket, EventKind.SIGNED, actor=actor, at=at, assignment=assignment, data=data)


@writes(EventKind.REDISPATCHED)
def redispatched(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    main_unit: str,
    assist_units: list[str],
    children: list[int],
) -> Event:
    return _write(
        ticket,
        EventKind.REDISPATCHED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "main_unit": main_unit,
            "assist_units": assist_units,
            "children": children,
        },
    )


@writes(EventKind.CLASSIFIED)
def classified(ticket: Ticket, *, actor: Actor, at: datetime, from_: Any, to: Any) -> Event:
    """``from_`` and ``to`` are the classification before and after (stored as ``from``/``to``)."""
    return _write(ticket, EventKind.CLASSIFIED, actor=actor, at=at, data={"from": from_, "to": to})


@writes(EventKind.CATEGORY_CHANGED)
def category_changed(
    ticket: Ticket, *, actor: Actor, at: datetime, from_: str | None, to: str
) -> Event:
    """The dispatch catalogue item's code before (None: none chosen at intake) and after."""
    return _write(
        ticket, EventKind.CATEGORY_CHANGED, actor=actor, at=at, data={"from": from_, "to": to}
    )


@writes(EventKind.DEADLINES_RECOMPUTED)
def deadlines_recomputed(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    deadlines: Mapping[str, datetime],
    cause: str | None = None,
    urgent: bool | None = None,
) -> Event:
    """``deadlines`` maps each changed deadline field to its new value, stored in Asia/Shanghai;
    ``cause`` and ``urgent`` are given when a reclassification moved the clocks."""
    data: dict[str, Any] = {}
    if cause is not None:
        data |= {"cause": cause, "urgent": urgent}
    data |= {name: local_iso(value) for name, value in deadlines.items()}
    return _write(
        ticket, EventKind.DEADLINES_RECOMPUTED, actor=actor, at=at, assignment=assignment, data=data
    )


@writes(EventKind.ASSIGNMENT_WITHDRAWN)
def assignment_withdrawn(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    reason: str,
    from_status: str,
    into: str | None = None,
    becomes: str | None = None,
    returned_assignment: int | None = None,
) -> Event:
    """``into`` when the ticket was merged into another; ``becomes`` and ``returned_assignment``
    when an accepted return made an assisting unit the main unit."""
    data: dict[str, Any] = {"reason": reason, "from_status": from_status}
    data |= _given(into=into, becomes=becomes, returned_assignment=returned_assignment)
    return _write(
        ticket, EventKind.ASSIGNMENT_WITHDRAWN, actor=actor, at=at, assignment=assignment, data=data
    )


@writes(EventKind.MERGED)
def merged(
    ticket: Ticket,
    *,
    actor: Actor,
    at: datetime,
    into: str | None = None,
    withdrawn_assignments: list[int] | None = None,
    merged: str | None = None,
) -> Event:
    """On the merged ticket ``into`` and ``withdrawn_assignments``; on the primary ``merged``."""
    data = _given(into=into, withdrawn_assignments=withdrawn_assignments, merged=merged)
    return _write(ticket, EventKind.MERGED, actor=actor, at=at, data=data)


@writes(EventKind.UNMERGED)
def unmerged(
    ticket: Ticket,
    *,
    actor: Actor,
    at: datetime,
    reason: str,
    from_: str | None = None,
    unmerged: str | None = None,
) -> Event:
    """On the unmerged ticket ``from_`` (its former primary, stored as ``from``); on the primary
    ``unmerged`` (the ticket that left it)."""
    if unmerged is not None:
        data: dict[str, Any] = {"unmerged": unmerged, "reason": reason}
    else:
        data = {"from": from_, "reason": reason}
    return _write(ticket, EventKind.UNMERGED, actor=actor, at=at, data=data)


@writes(EventKind.CALLBACK)
def callback(
    ticket: Ticket, *, actor: Actor, at: datetime, result: str, comment: str, main_unit: str | None
) -> Event:
    return _write(
        ticket,
        EventKind.CALLBACK,
        actor=actor,
        at=at,
        data={
            "result": result,
            "comment": comment,
            "main_unit": main_unit,
        },
    )


@writes(EventKind.REHANDLING)
def rehandling(
    ticket: Ticket,
    assignment: Assignment | None = None,
    *,
    actor: Actor,
    at: datetime,
    from_status: str | None = None,
    primary: str | None = None,
    reason: str | None = None,
    answer_deadline: datetime | None = None,
) -> Event:
    """Two records: the ticket back on the platform (``from_status``, ``primary``, ``reason``),
    and the main assignment reopened with its new ``answer_deadline``."""
    if answer_deadline is not None:
        data: dict[str, Any] = {"answer_deadline": answer_deadline.isoformat()}
    else:
        data = {"from_status": from_status, "primary": primary, "reason": reason}
    return _write(
        ticket, EventKind.REHANDLING, actor=actor, at=at, assignment=assignment, data=data
    )


@writes(EventKind.CLOSED)
def closed(
    ticket: Ticket,
    *,
    actor: Actor,
    at: datetime,
    reason: str,
    primary: str | None = None,
    sampled: bool | None = None,
    called_back: bool | None = None,
) -> Event:
    """``primary`` when closed with its primary; ``sampled=False`` for an online answer not drawn
    for callback; ``called_back=False`` when the platform closed it without a callback."""
    data: dict[str, Any] = {"reason": reason}
    data |= _given(primary=primary, sampled=sampled, called_back=called_back)
    return _write(ticket, EventKind.CLOSED, actor=actor, at=at, data=data)
