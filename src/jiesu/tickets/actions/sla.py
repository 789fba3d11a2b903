"""The SLA sweep: warnings before each deadline and overdue marks after it, recorded as events.

Safe to run twice, and by two workers at once: each mark is a compare-and-set on a NULL column,
rows are claimed with SKIP LOCKED where the database has it, and the event is written in the same
transaction as the mark.

Besides the assignments' clocks, other apps register marks on their own rows with
``register_marks`` (the supervision app: escalations, supervisions and leaders' instructions, each
with a feedback deadline), so that this module does not import them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model, Q
from django.utils import timezone

from jiesu.tickets import events
from jiesu.tickets.choices import OPEN_ASSIGNMENT_STATUSES, AssignmentStatus, EventKind
from jiesu.tickets.models import Assignment, Event, Ticket

BATCH = 2000

# ``events.<kind>_row``: ``(ticket_id, row_id, *, at, deadline)`` → an unsaved event
RowBuilder = Callable[..., Event]


@dataclass(frozen=True)
class Mark:
    kind: str
    flag: str  # the column set once the mark is made
    deadline: str
    statuses: tuple[str, ...]
    warning: bool
    build: RowBuilder


MARKS = (
    Mark(
        EventKind.SIGN_OVERDUE,
        "sign_overdue_at",
        "sign_deadline",
        (AssignmentStatus.PENDING_SIGN,),
        False,
        events.sign_overdue_row,
    ),
    Mark(
        EventKind.SIGN_WARNING,
        "sign_warned_at",
        "sign_deadline",
        (AssignmentStatus.PENDING_SIGN,),
        True,
        events.sign_warning_row,
    ),
    Mark(
        EventKind.ANSWER_OVERDUE,
        "answer_overdue_at",
        "answer_deadline",
        OPEN_ASSIGNMENT_STATUSES,
        False,
        events.answer_overdue_row,
    ),
    Mark(
        EventKind.ANSWER_WARNING,
        "answer_warned_at",
        "answer_deadline",
        OPEN_ASSIGNMENT_STATUSES,
        True,
        events.answer_warning_row,
    ),
)


@dataclass(frozen=True)
class RowMark:
    """A warning or an overdue mark on the rows of another model that belong to a ticket: the
    event, built by ``build`` (``events.<kind>_row``), goes on ``ticket`` with
    ``{<row's name>: row id, "deadline": …}``."""

    model: type[Model]
    kind: str
    flag: str
    build: RowBuilder
    open: Q  # the rows still waiting for the step the deadline is for
    warning: bool
    deadline: str = "deadline"


ROW_MARKS: list[RowMark] = []


def register_marks(*marks: RowMark) -> None:
    """Called from an app's ``ready()``; registering the same mark twice keeps one."""
    for mark in marks:
        if mark.kind not in {m.kind for m in ROW_MARKS}:
            ROW_MARKS.append(mark)


@dataclass
class SweepResult:
    counts: dict[str, int] = field(default_factory=dict)
    flagged: int = 0  # tickets newly overdue
    cleared: int = 0  # tickets no longer overdue

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _due(mark: Mark, now: datetime, lead: timedelta) -> Q:
    # one status as `status = ?`: SQLite matches a partial index only then (assignment_open_sign)
    status = Q(status=mark.statuses[0]) if len(mark.statuses) == 1 else Q(status__in=mark.statuses)
    q = status & Q(**{f"{mark.flag}__isnull": True})
    if mark.warning:
        # a warning only while the deadline is not yet passed; after it, the overdue mark says it
        return q & Q(**{f"{mark.deadline}__gte": now, f"{mark.deadline}__lte": now + lead})
    # overdue strictly after the deadline: a step done at the deadline itself is on time
    return q & Q(**{f"{mark.deadline}__lt": now})


def _row_due(mark: RowMark, now: datetime, lead: timedelta) -> Q:
    q = mark.open & Q(**{f"{mark.flag}__isnull": True})
    if mark.warning:
        return q & Q(**{f"{mark.deadline}__gte": now, f"{mark.deadline}__lte": now + lead})
    return q & Q(**{f"{mark.deadline}__lt": now})


def _mark_all(
    model, due: Q, *, flag: str, deadline: str, kind: str, now: datetime, event, progress
) -> int:
    """Mark every due row in batches, each batch one transaction: claim (SKIP LOCKED), set the
    flag where it is still NULL, write one event per row."""
    skip_locked = connection.features.has_select_for_update_skip_locked
    done = 0
    while True:
        with transaction.atomic():
            qs = model.objects.filter(due).order_by(deadline, "pk")
            if skip_locked:
                qs = qs.select_for_update(skip_locked=True)
            rows = list(qs.values_list("pk", "ticket_id", deadline)[:BATCH])
            if not rows:
                break
            ids = [pk for pk, _, _ in rows]
            updated = model.objects.filter(pk__in=ids, **{f"{flag}__isnull": True}).update(
                **{flag: now}
            )
            if updated != len(ids):  # someone else marked some of them: take only ours
                raise RuntimeError("sweep lost a compare-and-set race; rerun")
            Event.objects.bulk_create([event(*row) for row in rows], batch_size=1000)
        done += len(rows)
        if progress is not None:
            progress(kind, len(rows))
    return done


def sweep(*, now: datetime | None = None, progress=None) -> SweepResult:
    now = now or timezone.now()
    lead = timedelta(hours=settings.JIESU_WARNING_LEAD_HOURS)
    result = SweepResult()
    for mark in MARKS:

        def event(pk, ticket_id, deadline, mark=mark):
            return mark.build(ticket_id, pk, at=now, deadline=deadline)

        result.counts[str(mark.kind)] = _mark_all(
            Assignment,
            _due(mark, now, lead),
            flag=mark.flag,
            deadline=mark.deadline,
            kind=mark.kind,
            now=now,
            event=event,
            progress=progress,
        )
    for row_mark in ROW_MARKS:

        def row_event(pk, ticket_id, deadline, mark=row_mark):
            return mark.build(ticket_id, pk, at=now, deadline=deadline)

        result.counts[str(row_mark.kind)] = _mark_all(
            row_mark.model,
            _row_due(row_mark, now, lead),
            flag=row_mark.flag,
            deadline=row_mark.deadline,
            kind=row_mark.kind,
            now=now,
            event=row_event,
            progress=progress,
        )
    result.flagged, result.cleared = refresh_overdue_flags(now)
    return result


def refresh_overdue_flags(now: datetime) -> tuple[int, int]:
    """Keep ``Ticket.overdue`` equal to "an open assignment is past a deadline", for the overdue
    list. Only tickets whose flag changes are written; running it twice changes nothing. The late
    assignments come from the open ones; PostgreSQL may still choose to scan the ticket table for
    the semi-join (0.6–0.9 s a minute at 0.5–1.2 M tickets, docs/benchmarks.md)."""
    late = Assignment.objects.late(now).values("ticket_id")
    with transaction.atomic():
        flagged = Ticket.objects.filter(overdue=False, pk__in=late).update(overdue=True)
        cleared = Ticket.objects.filter(overdue=True).exclude(pk__in=late).update(overdue=False)
    return flagged, cleared
