"""Deadlines of an assignment (R7, "1357"): computed from a clock start, stored on the row,
recomputable from the event log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from jiesu.catalogue.models import Category
from jiesu.tickets.choices import EventKind
from jiesu.workdays.calendar import WorkingCalendar
from jiesu.workdays.loader import get_calendar


@dataclass(frozen=True)
class Clocks:
    sign_deadline: datetime
    answer_deadline: datetime


def answer_working_days(appeal_type: str) -> int:
    return settings.JIESU_ANSWER_WORKING_DAYS[appeal_type]


def max_total_working_days(category: Category | None) -> int:
    """Extensions may not take the answer time past 15 working days, unless the matter has a
    legal or promised time limit, which then rules (R8b)."""
    if category is not None and category.legal_time_limit_days:
        return category.legal_time_limit_days
    return settings.JIESU_MAX_TOTAL_WORKING_DAYS


def compute(
    *,
    dispatched_at: datetime,
    clock_started_at: datetime,
    appeal_type: str,
    urgent: bool,
    extension_days: int = 0,
    calendar: WorkingCalendar | None = None,
) -> Clocks:
    """Sign deadline from dispatch; answer deadline from the clock start (dispatch, or the
    restart of a re-handling), plus approved extensions. Urgent matters run on clock hours."""
    cal = calendar or get_calendar()
    if urgent:
        sign = dispatched_at + timedelta(hours=settings.JIESU_URGENT_SIGN_HOURS)
        answer = clock_started_at + timedelta(hours=settings.JIESU_URGENT_ANSWER_HOURS)
        if extension_days:
            answer = cal.add_working_days(answer, extension_days)
    else:
        sign = cal.add_working_days(dispatched_at, settings.JIESU_SIGN_WORKING_DAYS)
        answer = cal.add_working_days(clock_started_at, answer_working_days(appeal_type) + extension_days)
    return Clocks(sign_deadline=sign, answer_deadline=answer)


def from_events(assignment, calendar: WorkingCalendar | None = None) -> Clocks:
    """Recompute an assignment's clocks from its events alone (dispatch, re-handling restarts,
    approved extensions), ignoring the stored deadlines."""
    dispatched_at = clock_start = None
    appeal_type, urgent, extension_days = None, False, 0
    for kind, at, data in assignment.events.order_by("id").values_list("kind", "at", "data"):
        if kind == EventKind.DISPATCHED:
            dispatched_at = clock_start = at
            appeal_type, urgent = data["appeal_type"], data["urgent"]
        elif kind == EventKind.REHANDLING:
            clock_start = at
        elif kind == EventKind.EXTENSION_DECIDED and data.get("approve"):
            extension_days += data["working_days"]
        elif kind == EventKind.CLASSIFIED and "urgent" in data:
            urgent = data["urgent"]
    if dispatched_at is None or appeal_type is None:
        raise ValueError(f"assignment {assignment.pk} has no dispatch event")
    return compute(
        dispatched_at=dispatched_at,
        clock_started_at=clock_start,
        appeal_type=appeal_type,
        urgent=urgent,
        extension_days=extension_days,
        calendar=calendar,
    )
