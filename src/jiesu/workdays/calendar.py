"""The working-day calendar as a pure object (DESIGN §4, rule R7).

`WorkingCalendar` is built from data — a mapping ``date -> is working day`` and the set of years
that have data — and never touches the database. `jiesu.workdays.loader.get_calendar()` builds one
from the table administrators edit; tests build one from a plain dict.

Rules:

* A day listed in the mapping is a working day or not as the mapping says (make-up working days
  调休上班 are simply ``True`` on a Saturday or Sunday).
* A day of a year *with* data that is not listed follows Monday–Friday (so a file that lists only
  the exceptions of a year is enough).
* A day of a year *without* data also follows Monday–Friday, but loudly: a warning on the
  ``jiesu.workdays`` logger and a `MissingCalendarYear` warning, once per year per calendar
  instance; the years are collected in `WorkingCalendar.missing_years_used`.

All arithmetic is done in Asia/Shanghai wall-clock time (China has no daylight saving time since
1991, so a calendar day is always 24 hours there).
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

logger = logging.getLogger("jiesu.workdays")

SHANGHAI = ZoneInfo("Asia/Shanghai")

_ONE_DAY = timedelta(days=1)
_DAY_MICROSECONDS = 24 * 60 * 60 * 1_000_000
# A guard against a calendar in which (almost) nothing is a working day: no deadline in a
# hotline is ever this far ahead, so reaching it means the data is wrong.
_MAX_SCAN_DAYS = 3660


class MissingCalendarYear(UserWarning):
    """A date fell in a year for which the calendar has no data (Monday–Friday was used)."""


class WorkingCalendar:
    """Working days and working-day arithmetic over a fixed set of calendar data."""

    def __init__(self, days: Mapping[date, bool], years: Iterable[int] | None = None) -> None:
        for key in days:
            if isinstance(key, datetime) or not isinstance(key, date):
                raise TypeError(f"calendar keys must be dates, got {key!r}")
        self._days: dict[date, bool] = {key: bool(value) for key, value in days.items()}
        self._years: frozenset[int] = frozenset(
            years if years is not None else {key.year for key in self._days}
        )
        self.missing_years_used: set[int] = set()
        self._lock = threading.Lock()

    # --- days -------------------------------------------------------------------------------

    @property
    def years(self) -> frozenset[int]:
        """The years that have data."""
        return self._years

    def has_year(self, year: int) -> bool:
        return year in self._years

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day (a Shanghai calendar date, not a datetime)."""
        listed = self._days.get(d)
        if listed is not None:
            return listed
        if isinstance(d, datetime):
            raise TypeError("is_workday() takes a date; use t.astimezone(SHANGHAI).date()")
        if d.year not in self._years:
            self._note_missing_year(d.year)
        return d.weekday() < 5

    def next_workday(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        candidate = d
        for _step in range(_MAX_SCAN_DAYS):
            candidate += _ONE_DAY
            if self.is_workday(candidate):
                return candidate
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days after {d.isoformat()}")

    def workdays_in(self, year: int) -> list[date]:
        """Every working day of ``year``, in order."""
        day = date(year, 1, 1)
        result: list[date] = []
        while day.year == year:
            if self.is_workday(day):
                result.append(day)
            day += _ONE_DAY
        return result

    # --- time -------------------------------------------------------------------------------

    def add_working_days(self, t: datetime, n: int) -> datetime:
        """The deadline ``n`` working days after ``t`` (DESIGN §4).

        The same clock time on the n-th working day after t's day. When t falls on a non-working
        day the clock starts at 00:00 of the next working day, so n=1 ends at 24:00 of that day
        (returned as 00:00 of the following calendar day). n=0 returns t itself, or the start of
        the next working day when t is on a non-working day. The result is in Asia/Shanghai.
        """
        local = _to_shanghai(t, "t")
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, got {n!r}")
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")

        day = local.date()
        if self.is_workday(day):
            for _step in range(n):
                day = self.next_workday(day)
            return datetime.combine(day, local.timetz())

        first = self.next_workday(day)
        if n == 0:
            return datetime.combine(first, time(0, tzinfo=SHANGHAI))
        last = first
        for _step in range(n - 1):
            last = self.next_workday(last)
        return datetime.combine(last + _ONE_DAY, time(0, tzinfo=SHANGHAI))

    def working_days_between(self, start: datetime, end: datetime) -> float:
        """Working time elapsed from ``start`` to ``end``, in working days (0 if end <= start).

        Only the parts of working days count: Friday 15:00 → Sunday 15:00 with Saturday off and
        Sunday a make-up working day is exactly 1.0. Used to say how late an overdue item is.
        """
        local_start = _to_shanghai(start, "start")
        local_end = _to_shanghai(end, "end")
        if local_end <= local_start:
            return 0.0
        first, last = local_start.date(), local_end.date()
        if first == last:
            if not self.is_workday(first):
                return 0.0
            return _microseconds(local_end - local_start) / _DAY_MICROSECONDS
        total = 0  # microseconds of working time
        if self.is_workday(first):
            total += _DAY_MICROSECONDS - _time_of_day(local_start)
        day = first + _ONE_DAY
        while day < last:
            if self.is_workday(day):
                total += _DAY_MICROSECONDS
            day += _ONE_DAY
        if self.is_workday(last):
            total += _time_of_day(local_end)
        return total / _DAY_MICROSECONDS

    # --- internals --------------------------------------------------------------------------

    def _note_missing_year(self, year: int) -> None:
        with self._lock:
            if year in self.missing_years_used:
                return
            self.missing_years_used.add(year)
        message = _(
            "工作日历缺少 %(year)s 年的数据，已按周一至周五推算工作日，截止时间可能不准确；请导入或预置 %(year)s 年的日历（jiesu calendar seed %(year)s / jiesu calendar import）。"
        ) % {"year": year}
        logger.warning(message)
        warnings.warn(message, MissingCalendarYear, stacklevel=3)

    def __repr__(self) -> str:
        years = ",".join(str(y) for y in sorted(self._years)) or "-"
        return f"<WorkingCalendar years={years} days={len(self._days)}>"


def _to_shanghai(t: datetime, name: str) -> datetime:
    if not isinstance(t, datetime):
        raise TypeError(f"{name} must be a datetime, got {t!r}")
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {t.isoformat()}")
    return t.astimezone(SHANGHAI)


def _time_of_day(t: datetime) -> int:
    """Microseconds since local midnight (a Shanghai day is always 24 hours)."""
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _microseconds(delta: timedelta) -> int:
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
