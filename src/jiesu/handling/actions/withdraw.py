"""Withdrawal of a unit's open requests with their assignment — when the ticket is merged into
another (R20), or when an accepted return makes an assisting unit the main unit of its hop
(R15): a pending extension (R8b) or an undecided return has nothing left to act on, so it is
closed with an event in the caller's transaction instead of waiting for a decision that could
no longer be carried out. The assignments themselves are withdrawn by
``tickets.actions.withdraw``, which calls ``withdraw_open_requests`` through
``tickets.hooks`` (registered in ``HandlingConfig.ready``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from jiesu.handling import workflow as requests_workflow
from jiesu.handling.actions._authority import save_decision
from jiesu.handling.choices import OPEN_RETURN_STATUSES, ExtensionStatus
from jiesu.handling.models import ExtensionRequest, ReturnRequest
from jiesu.organisation.actor import Actor
from jiesu.tickets import events
from jiesu.tickets.actions.withdraw import withdraw_open_assignments  # noqa: F401 - re-exported
from jiesu.tickets.models import Assignment, Event


def withdraw_open_requests(
    assignment: Assignment, *, actor: Actor, now: datetime, reason: str, data: dict[str, Any]
) -> dict[str, list[int]]:
    """Close the open requests of ``assignment``, which the caller has locked and is
    withdrawing. Returns the ids of the withdrawn requests by kind."""
    rows: list[tuple[str, ExtensionRequest | ReturnRequest, Callable[..., Event]]] = [
        ("extensions", row, events.extension_withdrawn)
        for row in ExtensionRequest.objects.select_for_update()
        .filter(assignment=assignment, status=ExtensionStatus.PENDING)
        .order_by("id")
    ]
    rows += [
        ("returns", row, events.return_withdrawn)
        for row in ReturnRequest.objects.select_for_update()
        .filter(assignment=assignment, status__in=OPEN_RETURN_STATUSES)
        .order_by("id")
    ]
    withdrawn: dict[str, list[int]] = {"extensions": [], "returns": []}
    for key, request, write in rows:
        previous = request.status
        fields = requests_workflow.move(request, "withdraw")
        save_decision(request, fields, actor=actor, now=now, reason=reason)
        write(
            assignment.ticket,
            assignment,
            actor=actor,
            at=now,
            request=request.pk,
            from_status=previous,
            reason=reason,
            **data,
        )
        withdrawn[key].append(request.pk)
    return withdrawn
