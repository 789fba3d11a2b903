"""Withdrawal of a unit's open requests when its assignment is withdrawn (the ticket merged into
another, R20): a pending extension (R8b) or an undecided return (R15) has nothing left to act
on, so it is closed with an event in the caller's transaction instead of waiting for a decision
that could no longer be carried out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jiesu.handling import workflow as requests_workflow
from jiesu.handling.choices import OPEN_RETURN_STATUSES, ExtensionStatus
from jiesu.handling.models import ExtensionRequest, ReturnRequest
from jiesu.organisation.actor import Actor
from jiesu.tickets import events
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Assignment


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
        request.decided_by_id, request.decided_at, request.decision_reason = (
            actor.user_id,
            now,
            reason,
        )
        request.save(update_fields=[*fields, "decided_by", "decided_at", "decision_reason"])
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
