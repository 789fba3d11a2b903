"""Recompute open assignments' deadlines from the event log — after an administrator corrects the
calendar, or to audit the stored clocks — and switch a ticket's open assignments between hour and
working-day clocks when it moves onto or off the fast track (R5, decision 0012). Changed clocks
are saved and recorded as events."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jiesu.organisation.actor import SYSTEM, Actor
from jiesu.tickets import deadlines, events
from jiesu.tickets.choices import OPEN_ASSIGNMENT_STATUSES, EventKind
from jiesu.tickets.models import Assignment, Ticket
from jiesu.workdays.loader import get_calendar


def recompute_deadlines(
    *, actor: Actor = SYSTEM, now: datetime | None = None, dry_run: bool = False, progress=None
) -> list[tuple[int, str, str]]:
    """Return (assignment id, field, 'old → new') for every clock that differs from its events."""
    now = now or timezone.now()
    calendar = get_calendar()
    changes: list[tuple[int, str, str]] = []
    ids = list(
        Assignment.objects.filter(status__in=OPEN_ASSIGNMENT_STATUSES).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            a = (
                Assignment.objects.select_for_update(of=("self",))
                .select_related("ticket__category")
                .get(pk=pk)
            )
            clocks = deadlines.from_events(a, calendar=calendar)
            diff = {
                name: (getattr(a, name), getattr(clocks, name))
                for name in ("sign_deadline", "answer_deadline")
                if getattr(a, name) != getattr(clocks, name)
            }
            for name, (old, new) in diff.items():
                changes.append(
                    (
                        pk,
                        name,
                        f"{timezone.localtime(old).isoformat()} → {timezone.localtime(new).isoformat()}",
                    )
                )
            if diff and not dry_run:
                for name, (_, new) in diff.items():
                    setattr(a, name, new)
                a.save(update_fields=list(diff))
                events.deadlines_recomputed(
                    a.ticket,
                    a,
                    actor=actor,
                    at=now,
                    deadlines={name: new for name, (_, new) in diff.items()},
                )
        if progress is not None:
            progress(1)
    return changes


def switch_clocks(ticket: Ticket, *, urgent: bool, actor: Actor, now: datetime) -> list[Assignment]:
    """Put the ticket's open assignments on hour clocks (``urgent``, the fast track) or back on
    working days, inside the caller's transaction (the ticket is locked). Hours count from
    ``now`` and never end later than the working-day deadlines; back on working days, the
    clocks are those of the dispatch (or re-handling restart) as if never urgent. Each changed
    assignment gets a ``deadlines_recomputed`` event with ``urgent``, which ``from_events``
    replays; the warning and overdue marks of a deadline that moved and is still ahead are
    cleared, for the sweep to set again on the new clock."""
    calendar = get_calendar()
    switched = []
    assignments = Assignment.objects.select_for_update(of=("self",)).filter(
        ticket=ticket, status__in=OPEN_ASSIGNMENT_STATUSES
    )
    for a in assignments.order_by("id"):
        a.urgent_since = now if urgent else None
        clocks = deadlines.compute(
            dispatched_at=a.dispatched_at,
            clock_started_at=a.clock_started_at,
            appeal_type=ticket.appeal_type,
            urgent=urgent,
            extension_days=a.extension_days,
            category=ticket.category,
            answer_days=_dispatched_answer_days(a),
            urgent_since=a.urgent_since,
            calendar=calendar,
        )
        fields = ["urgent_since", "sign_deadline", "answer_deadline"]
        if clocks.sign_deadline != a.sign_deadline and clocks.sign_deadline > now:
            a.sign_warned_at = a.sign_overdue_at = None
            fields += ["sign_warned_at", "sign_overdue_at"]
        if clocks.answer_deadline != a.answer_deadline and clocks.answer_deadline > now:
            a.answer_warned_at = a.answer_overdue_at = None
            fields += ["answer_warned_at", "answer_overdue_at"]
        a.sign_deadline, a.answer_deadline = clocks.sign_deadline, clocks.answer_deadline
        a.save(update_fields=fields)
        events.deadlines_recomputed(
            ticket,
            a,
            actor=actor,
            at=now,
            cause="classified",
            urgent=urgent,
            deadlines={
                "sign_deadline": clocks.sign_deadline,
                "answer_deadline": clocks.answer_deadline,
            },
        )
        switched.append(a)
    return switched


def _dispatched_answer_days(assignment: Assignment) -> int | None:
    """The base answer days the dispatch recorded (None for events written before it did)."""
    data = (
        assignment.events.filter(kind=EventKind.DISPATCHED).values_list("data", flat=True).first()
    )
    return (data or {}).get("answer_working_days")
