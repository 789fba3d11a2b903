"""Seeding, importing and editing the calendar table."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine

from jiesu.core.errors import ValidationFailed
from jiesu.workdays import loader
from jiesu.workdays.actions import import_days, seed_available_years, seed_year, set_day
from jiesu.workdays.choices import DayKind, DaySource
from jiesu.workdays.models import CalendarDay
from jiesu.workdays.sources import chinese_calendar_years
from jiesu.workdays.tests.helpers import sh

pytestmark = pytest.mark.django_db


def test_fresh_database_has_every_year_from_2020():
    # given only the migrations
    years = sorted({d.year for d in CalendarDay.objects.dates("day", "year")})
    # then
    assert years == [y for y in chinese_calendar_years() if y >= 2020]
    assert CalendarDay.objects.filter(day__year=2024).count() == 366
    row = CalendarDay.objects.get(day=date(2026, 2, 14))
    assert (row.is_workday, row.kind, row.name, row.source) == (
        True,
        DayKind.MAKEUP_WORKDAY,
        "春节",
        DaySource.SEED,
    )


def test_seed_year_fills_a_year_and_is_idempotent():
    CalendarDay.objects.filter(day__year=2025).delete()
    assert seed_year(2025) == 365
    assert seed_year(2025) == 0
    holiday = CalendarDay.objects.get(day=date(2025, 10, 1))
    assert (holiday.is_workday, holiday.kind, holiday.name) == (False, DayKind.HOLIDAY, "国庆节")


def test_seed_year_keeps_local_edits_unless_overwrite():
    set_day(date(2025, 10, 9), False, "临时休息")
    assert seed_year(2025) == 0
    assert CalendarDay.objects.get(day=date(2025, 10, 9)).is_workday is False
    assert seed_year(2025, overwrite=True) == 1
    row = CalendarDay.objects.get(day=date(2025, 10, 9))
    assert (row.is_workday, row.source) == (True, DaySource.SEED)


@pytest.mark.parametrize("year", [2003, 2031])
def test_seed_unknown_year_refuses_and_writes_nothing(year):
    before = CalendarDay.objects.count()
    with pytest.raises(ValidationFailed) as excinfo:
        seed_year(year)
    assert excinfo.value.code == "calendar_year_unavailable"
    assert CalendarDay.objects.count() == before


def test_seed_available_years_covers_the_package():
    years = seed_available_years()
    assert years == chinese_calendar_years()
    assert CalendarDay.objects.filter(day__year=years[0]).count() in (365, 366)


def test_import_happy_path_adds_a_year_and_updates_days(tmp_path):
    # given a file with 2027 exceptions and one correction for 2025
    path = tmp_path / "2027.csv"
    path.write_text(
        "date,is_workday,name\n"
        "2027-01-01,休息,元旦\n"
        "2027-02-06,上班,春节\n"
        "2027-02-08,休息,春节\n"
        "2025-10-09,0,临时休息\n",
        encoding="utf-8-sig",
    )
    # when
    with time_machine.travel(sh(2026, 11, 1, 9), tick=False):
        written = import_days(path)
    # then
    assert written == 4
    row = CalendarDay.objects.get(day=date(2027, 2, 6))
    assert (row.is_workday, row.kind, row.name, row.source) == (
        True,
        DayKind.MAKEUP_WORKDAY,
        "春节",
        DaySource.IMPORT,
    )
    assert row.updated_at == sh(2026, 11, 1, 9)
    corrected = CalendarDay.objects.get(day=date(2025, 10, 9))
    assert (corrected.is_workday, corrected.kind, corrected.source) == (
        False,
        DayKind.HOLIDAY,
        DaySource.IMPORT,
    )
    cal = loader.get_calendar()
    assert 2027 in cal.years
    assert cal.add_working_days(sh(2027, 2, 5, 10), 1) == sh(2027, 2, 6, 10)
    assert cal.add_working_days(sh(2027, 2, 6, 10), 1) == sh(2027, 2, 9, 10)


def test_bad_import_writes_nothing():
    # given a file whose third data line is impossible
    text = (
        "date,is_workday,name\n2027-01-01,休息,元旦\n2025-10-09,0,临时休息\n2027-02-29,上班,春节\n"
    )
    before = list(CalendarDay.objects.values_list("day", "is_workday", "updated_at"))
    # when
    with pytest.raises(ValidationFailed) as excinfo:
        import_days(io.StringIO(text))
    # then
    assert excinfo.value.code == "calendar_import_invalid"
    assert "第 4 行" in excinfo.value.message
    assert excinfo.value.details["line"] == 4
    assert list(CalendarDay.objects.values_list("day", "is_workday", "updated_at")) == before


@pytest.mark.parametrize(
    ("day", "is_workday", "name", "kind"),
    [
        (date(2025, 10, 12), True, "临时调休", DayKind.MAKEUP_WORKDAY),  # Sunday worked
        (date(2025, 10, 10), False, "", DayKind.HOLIDAY),  # Friday off
        (date(2025, 10, 11), False, "", DayKind.WEEKEND),  # Saturday back to rest
        (date(2025, 10, 9), True, "", DayKind.WORKDAY),
    ],
)
def test_set_day_derives_the_kind(day, is_workday, name, kind):
    row = set_day(day, is_workday, name)
    row.refresh_from_db()
    assert (row.is_workday, row.kind, row.name, row.source) == (
        is_workday,
        kind,
        name,
        DaySource.ADMIN,
    )


def test_set_day_refuses_bad_input():
    with pytest.raises(ValidationFailed):
        set_day(date(2025, 10, 9), False, "长" * 65)
    with pytest.raises(ValidationFailed):
        set_day("2025-10-09", False)  # type: ignore[arg-type]
