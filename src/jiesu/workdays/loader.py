"""Build the pure `WorkingCalendar` from the `CalendarDay` table, cached in-process.

`get_calendar()` costs one aggregate query per call when nothing changed:

    SELECT COUNT(id), COUNT(id) FILTER (WHERE is_workday), MAX(updated_at) FROM workdays_calendarday

That triple is the table's *signature*. Every write path bumps it — inserts and deletes change
the count, every update through the ORM/admin sets ``updated_at`` (auto_now; the bulk paths in
`actions` set it explicitly), and flipping a day changes the working-day count even when two writes
share a timestamp (e.g. under a frozen test clock). When the signature differs from the one the
cached calendar was built with, the whole table (a few thousand rows, one query) is reloaded.
So an administrator's edit is picked up by every web process and worker on its next call, with no
restart and no cross-process messaging. In the writing process `actions` also calls
`invalidate()` on commit.

Callers that compute many deadlines (the SLA sweep) should call `get_calendar()` once and pass the
calendar down, not call it per item.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q

from jiesu.workdays.calendar import WorkingCalendar
from jiesu.workdays.models import CalendarDay

Signature = tuple[int, int, datetime | None]

_lock = threading.Lock()
_cached: tuple[Signature, WorkingCalendar] | None = None


def get_calendar() -> WorkingCalendar:
    """The current working calendar, rebuilt only when the table changed."""
    global _cached
    signature = _table_signature()
    cached = _cached
    if cached is not None and cached[0] == signature:
        return cached[1]
    with _lock:
        cached = _cached
        if cached is not None and cached[0] == signature:
            return cached[1]
        calendar = _build()
        # Labelled with the signature read *before* the load: if the table changed in between,
        # the calendar is newer than its label and the next call simply rebuilds once more.
        _cached = (signature, calendar)
        return calendar


def invalidate() -> None:
    """Drop the cached calendar; the next `get_calendar()` reloads the table."""
    global _cached
    with _lock:
        _cached = None


def _table_signature() -> Signature:
    row: dict[str, Any] = CalendarDay.objects.aggregate(
        count=Count("id"),
        workdays=Count("id", filter=Q(is_workday=True)),
        latest=Max("updated_at"),
    )
    return (row["count"], row["workdays"], row["latest"])


def _build() -> WorkingCalendar:
    days = dict(CalendarDay.objects.order_by().values_list("day", "is_workday"))
    return WorkingCalendar(days, {day.year for day in days})
