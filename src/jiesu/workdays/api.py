"""Calendar endpoints (mounted by the project API under /api/v1; auth comes from the API)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from jiesu.core.errors import ValidationFailed
from jiesu.workdays.calendar import SHANGHAI
from jiesu.workdays.choices import DayKind
from jiesu.workdays.loader import get_calendar
from jiesu.workdays.parsing import parse_days, parse_start
from jiesu.workdays.queries import year_overview

router = Router(tags=["calendar"])

MIN_YEAR, MAX_YEAR = 1900, 2200


class DeadlineOut(Schema):
    start: datetime
    days: int
    deadline: datetime
    fallback_years: list[int]


class CalendarDayOut(Schema):
    day: date
    is_workday: bool
    kind: str
    kind_label: str
    name: str
    source: str


class CalendarYearOut(Schema):
    year: int
    has_data: bool
    workday_count: int
    rest_day_count: int
    holiday_count: int
    makeup_workday_count: int
    days: list[CalendarDayOut]


@router.get(
    "/calendar/add-workdays", response=DeadlineOut, summary=gettext_lazy("计算工作日截止时间")
)
def add_workdays(request: HttpRequest, start: str, days: int) -> DeadlineOut:
    """The deadline ``days`` working days after ``start`` (ISO 8601; no offset = Asia/Shanghai).

    ``fallback_years`` lists years without calendar data that the computation passed through
    (Monday–Friday was assumed for them).
    """
    begin = parse_start(start)
    count = parse_days(days)
    calendar = get_calendar()
    deadline = calendar.add_working_days(begin, count)
    fallback = [
        year for year in range(begin.year, deadline.year + 1) if not calendar.has_year(year)
    ]
    return DeadlineOut(
        start=begin, days=count, deadline=deadline.astimezone(SHANGHAI), fallback_years=fallback
    )


@router.get(
    "/calendar/{year}", response=CalendarYearOut, summary=gettext_lazy("某年的节假日与调休")
)
def calendar_year(request: HttpRequest, year: int) -> CalendarYearOut:
    """Non-working days and make-up working days of ``year``; ``has_data`` is false when the
    year has no calendar data (the listed weekends are then the Monday–Friday fallback)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(
            "invalid_year",
            _("年份必须在 %(MIN_YEAR)s 到 %(MAX_YEAR)s 之间，实际为 %(year)s。")
            % {"MIN_YEAR": MIN_YEAR, "MAX_YEAR": MAX_YEAR, "year": year},
        )
    overview = year_overview(year)
    return CalendarYearOut(
        year=year,
        has_data=overview.has_data,
        workday_count=overview.workday_count,
        rest_day_count=overview.rest_day_count,
        holiday_count=overview.count(DayKind.HOLIDAY),
        makeup_workday_count=overview.count(DayKind.MAKEUP_WORKDAY),
        days=[
            CalendarDayOut(
                day=entry.day,
                is_workday=entry.is_workday,
                kind=entry.kind.value,
                kind_label=str(entry.kind.label),
                name=entry.name,
                source=entry.source,
            )
            for entry in overview.special_days
        ],
    )
