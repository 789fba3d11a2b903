"""Events of the requests a unit makes on its assignment: returns (R15) with the leader's
approval and the statement, dispatch disputes, extensions (R8b), and their withdrawal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jiesu.organisation.actor import Actor
from jiesu.tickets.choices import EventKind
from jiesu.tickets.events._base import _given, _write, writes
from jiesu.tickets.models import Assignment, Event, Ticket


@writes(EventKind.RETURN_REQUESTED)
def return_requested(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    findings: str,
    policy_basis: str,
    suggested_unit: str,
) -> Event:
    return _write(
        ticket,
        EventKind.RETURN_REQUESTED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "request": request,
            "findings": findings,
            "policy_basis": policy_basis,
            "suggested_unit": suggested_unit,
        },
    )


@writes(EventKind.RETURN_LEADER_APPROVED)
def return_leader_approved(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    comment: str,
) -> Event:
    return _write(
        ticket,
        EventKind.RETURN_LEADER_APPROVED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "request": request,
            "comment": comment,
        },
    )


@writes(EventKind.RETURN_LEADER_REFUSED)
def return_leader_refused(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    comment: str,
) -> Event:
    return _write(
        ticket,
        EventKind.RETURN_LEADER_REFUSED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "request": request,
            "comment": comment,
        },
    )


@writes(EventKind.RETURN_STATEMENT_ATTACHED)
def return_statement_attached(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    name: str,
    sha256: str,
    size: int,
    replaces: Any,
) -> Event:
    return _write(
        ticket,
        EventKind.RETURN_STATEMENT_ATTACHED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "request": request,
            "name": name,
            "sha256": sha256,
            "size": size,
            "replaces": replaces,
        },
    )


@writes(EventKind.RETURN_DECIDED)
def return_decided(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    accept: bool,
    reason: str,
    role: str,
    new_unit: str | None,
    statement_sha256: str,
) -> Event:
    return _write(
        ticket,
        EventKind.RETURN_DECIDED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "request": request,
            "accept": accept,
            "reason": reason,
            "role": role,
            "new_unit": new_unit,
            "statement_sha256": statement_sha256,
        },
    )


@writes(EventKind.RETURNED_TO_PLATFORM)
def returned_to_platform(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    platform: str,
    reason: str,
) -> Event:
    """An accepted return left no unit holding the ticket: it is ``platform``'s own case again
    (to divert, answer or dispatch anew)."""
    return _write(
        ticket,
        EventKind.RETURNED_TO_PLATFORM,
        actor=actor,
        at=at,
        assignment=assignment,
        data={"request": request, "platform": platform, "reason": reason},
    )


@writes(EventKind.RETURN_WITHDRAWN)
def return_withdrawn(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    from_status: str,
    reason: str,
    into: str | None = None,
    becomes: str | None = None,
    returned_assignment: int | None = None,
) -> Event:
    """Withdrawn with its assignment; the optional keys say why, as on ``assignment_withdrawn``."""
    data: dict[str, Any] = {"request": request, "from_status": from_status, "reason": reason}
    data |= _given(into=into, becomes=becomes, returned_assignment=returned_assignment)
    return _write(
        ticket, EventKind.RETURN_WITHDRAWN, actor=actor, at=at, assignment=assignment, data=data
    )


@writes(EventKind.DISPUTE_OPENED)
def dispute_opened(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    reason: str,
    unit: str,
    suggested_unit: str,
) -> Event:
    return _write(
        ticket,
        EventKind.DISPUTE_OPENED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "request": request,
            "reason": reason,
            "unit": unit,
            "suggested_unit": suggested_unit,
        },
    )


@writes(EventKind.DISPUTE_DECIDED)
def dispute_decided(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    owner: str,
    reason: str,
) -> Event:
    return _write(
        ticket,
        EventKind.DISPUTE_DECIDED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "request": request,
            "owner": owner,
            "reason": reason,
        },
    )


@writes(EventKind.EXTENSION_REQUESTED)
def extension_requested(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    working_days: int,
    reason: str,
) -> Event:
    return _write(
        ticket,
        EventKind.EXTENSION_REQUESTED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "request": request,
            "working_days": working_days,
            "reason": reason,
        },
    )


@writes(EventKind.EXTENSION_DECIDED)
def extension_decided(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    approve: bool,
    working_days: int,
    reason: str,
) -> Event:
    """Read back by ``deadlines.from_events`` (``approve``, ``working_days``)."""
    return _write(
        ticket,
        EventKind.EXTENSION_DECIDED,
        actor=actor,
        at=at,
        assignment=assignment,
        data={
            "request": request,
            "approve": approve,
            "working_days": working_days,
            "reason": reason,
        },
    )


@writes(EventKind.EXTENSION_WITHDRAWN)
def extension_withdrawn(
    ticket: Ticket,
    assignment: Assignment,
    *,
    actor: Actor,
    at: datetime,
    request: int,
    from_status: str,
    reason: str,
    into: str | None = None,
    becomes: str | None = None,
    returned_assignment: int | None = None,
) -> Event:
    """Withdrawn with its assignment; the optional keys say why, as on ``assignment_withdrawn``."""
    data: dict[str, Any] = {"request": request, "from_status": from_status, "reason": reason}
    data |= _given(into=into, becomes=becomes, returned_assignment=returned_assignment)
    return _write(
        ticket, EventKind.EXTENSION_WITHDRAWN, actor=actor, at=at, assignment=assignment, data=data
    )
