"""Recompute open assignments' deadlines from the event log — after an administrator corrects the
calendar, or to audit the stored clocks. Changed clocks are saved and recorded as events."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jiesu.organisation.actor import SYSTEM, Actor
from jiesu.tickets import deadlines, events
from jiesu.tickets.choices import OPEN_ASSIGNMENT_STATUSES, EventKind
from jiesu.tickets.models import Assignment
from jiesu.workdays.loader import get_calendar


def recompute_deadlines(
    *, actor: Actor = SYSTEM, now: datetime | None = None, dry_run: bool = False, progress=None
) -> list[tuple[int, str, str]]:
    """Return (assignment id, field, 'old → new') for every clock that differs from its events."""
    now = now or timezone.now()
    calendar = get_calendar()
    changes: list[tuple[int, str, str]] = []
    ids = list(Assignment.objects.filter(status__in=OPEN_ASSIGNMENT_STATUSES).values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            a = Assignment.objects.select_for_update(of=("self",)).select_related("ticket").get(pk=pk)
            clocks = deadlines.from_events(a, calendar=calendar)
            diff = {
                name: (getattr(a, name), getattr(clocks, name))
                for name in ("sign_deadline", "answer_deadline")
                if getattr(a, name) != getattr(clocks, name)
            }
            for name, (old, new) in diff.items():
                changes.append((pk, name, f"{timezone.localtime(old).isoformat()} → {timezone.localtime(new).isoformat()}"))
            if diff and not dry_run:
                for name, (_, new) in diff.items():
                    setattr(a, name, new)
                a.save(update_fields=list(diff))
                events.record(
                    ticket=a.ticket, assignment=a, kind=EventKind.DEADLINES_RECOMPUTED, actor=actor, at=now,
                    data={name: timezone.localtime(new).isoformat() for name, (_, new) in diff.items()},
                )
        if progress is not None:
            progress(1)
    return changes
