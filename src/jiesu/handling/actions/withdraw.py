"""Withdrawal of assignments and of a unit's open requests on them — when the ticket is merged
into another (R20), or when an accepted return makes an assisting unit the main unit of its hop
(R15): a pending extension (R8b) or an undecided return has nothing left to act on, so it is
closed with an event in the caller's transaction instead of waiting for a decision that could
no longer be carried out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jiesu.handling import workflow as requests_workflow
from jiesu.handling.actions._authority import save_decision
from jiesu.handling.choices import OPEN_RETURN_STATUSES, ExtensionStatus
from jiesu.handling.models import ExtensionRequest, ReturnRequest
from jiesu.organisation.actor import Actor
from jiesu.tickets import events, workflow
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Assignment, Ticket


def withdraw_open_requests(
    assignment: Assignment, *, actor: Actor, now: datetime, reason: str, data: dict[str, Any]
) -> dict[str, list[int]]:
    """Close the open requests of ``assignment``, which the caller has locked and is
    withdrawing. Returns the ids of the withdrawn requests by kind."""
    rows: list[tuple[str, ExtensionRequest | ReturnRequest, str]] = [
        ("extensions", row, EventKind.EXTENSION_WITHDRAWN)
        for row in ExtensionRequest.objects.select_for_update()
        .filter(assignment=assignment, status=ExtensionStatus.PENDING)
        .order_by("id")
    ]
    rows += [
        ("returns", row, EventKind.RETURN_WITHDRAWN)
        for row in ReturnRequest.objects.select_for_update()
        .filter(assignment=assignment, status__in=OPEN_RETURN_STATUSES)
        .order_by("id")
    ]
    withdrawn: dict[str, list[int]] = {"extensions": [], "returns": []}
    for key, request, kind in rows:
        previous = request.status
        fields = requests_workflow.move(request, "withdraw")
        save_decision(request, fields, actor=actor, now=now, reason=reason)
        events.record(
            ticket=assignment.ticket,
            assignment=assignment,
            kind=kind,
            actor=actor,
            at=now,
            data={"request": request.pk, "from_status": previous, "reason": reason, **data},
        )
        withdrawn[key].append(request.pk)
    return withdrawn


def withdraw_open_assignments(
    ticket: Ticket, *, actor: Actor, now: datetime, reason: str, data: dict, **only: Any
) -> list[int]:
    """Withdraw every assignment of ``ticket`` (or those matching ``only``, e.g. one unit's share
    of one hop) that the workflow lets be withdrawn, and close the unit's open requests on it (a
    pending extension, an undecided return): once withdrawn, nothing on it is left to decide."""
    steps = workflow.ASSIGNMENT_STEPS["withdraw"].moves
    withdrawn = []
    for assignment in (
        Assignment.objects.select_for_update(of=("self",))
        .filter(ticket=ticket, status__in=list(steps), **only)
        .order_by("id")
    ):
        previous = assignment.status
        assignment.save(update_fields=workflow.move(assignment, "withdraw"))
        events.record(
            ticket=ticket,
            assignment=assignment,
            kind=EventKind.ASSIGNMENT_WITHDRAWN,
            actor=actor,
            at=now,
            data={"reason": reason, "from_status": previous, **data},
        )
        withdraw_open_requests(
            assignment, actor=actor, now=now, reason=f"交办单已撤回（{reason}）", data=data
        )
        withdrawn.append(assignment.pk)
    return withdrawn
