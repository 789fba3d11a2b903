"""Read-side helpers for showing a year of the calendar (CLI ``calendar show``, API)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from jiesu.workdays.choices import DayKind
from jiesu.workdays.models import CalendarDay

FALLBACK_SOURCE = "fallback"


@dataclass(frozen=True)
class DayEntry:
    day: date
    is_workday: bool
    kind: DayKind
    name: str
    source: str  # a DaySource value, or "fallback" for a day not in the table (Monday–Friday rule)


@dataclass
class YearOverview:
    year: int
    has_data: bool
    days: list[DayEntry] = field(default_factory=list)  # every day of the year, in order

    @property
    def special_days(self) -> list[DayEntry]:
        """Non-working days and make-up working days."""
        return [entry for entry in self.days if entry.kind != DayKind.WORKDAY]

    def count(self, kind: DayKind) -> int:
        return sum(1 for entry in self.days if entry.kind == kind)

    @property
    def workday_count(self) -> int:
        return sum(1 for entry in self.days if entry.is_workday)

    @property
    def rest_day_count(self) -> int:
        return len(self.days) - self.workday_count


def year_overview(year: int) -> YearOverview:
    """Every day of ``year`` as the calendar sees it: from the table where listed, otherwise
    Monday–Friday (marked ``fallback``). One query."""
    rows = {
        row.day: row
        for row in CalendarDay.objects.filter(day__year=year).only(
            "day", "is_workday", "kind", "name", "source"
        )
    }
    overview = YearOverview(year=year, has_data=bool(rows))
    day = date(year, 1, 1)
    while day.year == year:
        row = rows.get(day)
        if row is not None:
            entry = DayEntry(day, row.is_workday, DayKind(row.kind), row.name, row.source)
        else:
            weekday = day.weekday() < 5
            kind = DayKind.WORKDAY if weekday else DayKind.WEEKEND
            entry = DayEntry(day, weekday, kind, "", FALLBACK_SOURCE)
        overview.days.append(entry)
        day += timedelta(days=1)
    return overview
