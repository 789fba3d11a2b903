"""Shared builders for the workdays tests (fixed dates only, never today's)."""

from __future__ import annotations

from datetime import datetime

from jiesu.workdays.calendar import SHANGHAI, WorkingCalendar
from jiesu.workdays.sources import chinese_calendar_days


def sh(*args: int) -> datetime:
    """An aware Asia/Shanghai datetime: sh(2025, 9, 26, 15) → 2025-09-26 15:00+08:00."""
    return datetime(*args, tzinfo=SHANGHAI)


def calendar_from_package(*years: int) -> WorkingCalendar:
    """A pure calendar built from chinese-calendar for the given years (no database)."""
    days = {spec.day: spec.is_workday for year in years for spec in chinese_calendar_days(year)}
    return WorkingCalendar(days, set(years))
