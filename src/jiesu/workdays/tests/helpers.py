"""Shared builders for the workdays tests (fixed dates only, never today's)."""

from __future__ import annotations

from jiesu.testing.builders import sh
from jiesu.workdays.calendar import WorkingCalendar
from jiesu.workdays.sources import chinese_calendar_days

__all__ = ["calendar_from_package", "sh"]


def calendar_from_package(*years: int) -> WorkingCalendar:
    """A pure calendar built from chinese-calendar for the given years (no database)."""
    days = {spec.day: spec.is_workday for year in years for spec in chinese_calendar_days(year)}
    return WorkingCalendar(days, set(years))
