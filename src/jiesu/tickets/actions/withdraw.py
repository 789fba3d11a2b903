"""Withdrawal of assignments (撤回) — when the ticket is merged into another (R20), or when an
accepted return makes an assisting unit the main unit of its hop (R15). Whatever the unit had
open on a withdrawn assignment (a pending extension, an undecided return) is closed by the apps
that own it, through ``tickets.hooks.assignment_withdrawn``, in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from jiesu.organisation.actor import Actor
from jiesu.tickets import events, hooks, workflow
from jiesu.tickets.models import Assignment, Ticket


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
        events.assignment_withdrawn(
            ticket, assignment, actor=actor, at=now, reason=reason, from_status=previous, **data
        )
        hooks.assignment_withdrawn(
            assignment,
            actor=actor,
            now=now,
            reason=_("交办单已撤回（%(reason)s）") % {"reason": reason},
            data=data,
        )
        withdrawn.append(assignment.pk)
    return withdrawn
