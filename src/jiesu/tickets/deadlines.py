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


def answer_working_days(appeal_type: str, category: Category | None = None) -> int:
    """The base answer time (R7): a category's legal or promised time limit when it has one
    ("法定办理期限…从其规定"), else the appeal type's configured days (3/5, "1357")."""
    if category is not None and category.legal_time_limit_days:
        return category.legal_time_limit_days
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
    category: Category | None = None,
    answer_days: int | None = None,
    urgent_since: datetime | None = None,
    calendar: WorkingCalendar | None = None,
) -> Clocks:
    """Sign deadline from dispatch; answer deadline from the clock start (dispatch, or the
    restart of a re-handling), plus approved extensions. The answer time is ``answer_days``
    working days (by default from the appeal type and the category's legal limit).

    Urgent matters (the fast track, 联动快办) run on clock hours. ``urgent_since`` is when an
    assignment dispatched on working days was switched to the fast track: its hours count from
    then, and never end later than the working-day deadlines they replace."""
    cal = calendar or get_calendar()
    days = answer_working_days(appeal_type, category) if answer_days is None else answer_days
    sign = cal.add_working_days(dispatched_at, settings.JIESU_SIGN_WORKING_DAYS)
    answer = cal.add_working_days(clock_started_at, days + extension_days)
    if not urgent:
        return Clocks(sign_deadline=sign, answer_deadline=answer)
    hours_sign = max(dispatched_at, urgent_since or dispatched_at) + timedelta(
        hours=settings.JIESU_URGENT_SIGN_HOURS
    )
    hours_answer = max(clock_started_at, urgent_since or clock_started_at) + timedelta(
        hours=settings.JIESU_URGENT_ANSWER_HOURS
    )
    if extension_days:
        hours_answer = cal.add_working_days(hours_answer, extension_days)
    if urgent_since is None:
        return Clocks(sign_deadline=hours_sign, answer_deadline=hours_answer)
    return Clocks(sign_deadline=min(sign, hours_sign), answer_deadline=min(answer, hours_answer))


def from_events(assignment, calendar: WorkingCalendar | None = None) -> Clocks:
    """Recompute an assignment's clocks from its events alone (dispatch, re-handling restarts,
    approved extensions, switches onto or off the fast track), ignoring the stored deadlines."""
    dispatched_at = clock_start = urgent_since = None
    appeal_type, urgent, extension_days, answer_days = None, False, 0, None
    for kind, at, data in assignment.events.order_by("id").values_list("kind", "at", "data"):
        if kind == EventKind.DISPATCHED:
            dispatched_at = clock_start = at
            appeal_type, urgent = data["appeal_type"], data["urgent"]
            answer_days = data.get("answer_working_days")  # older events: from the settings
        elif kind == EventKind.REHANDLING:
            clock_start = at
        elif kind == EventKind.EXTENSION_DECIDED and data.get("approve"):
            extension_days += data["working_days"]
        elif kind == EventKind.DEADLINES_RECOMPUTED and "urgent" in data:
            urgent = data["urgent"]
            urgent_since = at if urgent else None
    if dispatched_at is None or appeal_type is None or clock_start is None:
        raise ValueError(f"assignment {assignment.pk} has no dispatch event")
    return compute(
        dispatched_at=dispatched_at,
        clock_started_at=clock_start,
        appeal_type=appeal_type,
        urgent=urgent,
        extension_days=extension_days,
        category=assignment.ticket.category,
        answer_days=answer_days,
        urgent_since=urgent_since,
        calendar=calendar,
    )
