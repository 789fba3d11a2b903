"""The pure working calendar (DESIGN §4, R7): 调休, Spring Festival, National Day, fallback."""

from __future__ import annotations

import logging
import warnings
from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest

from jiesu.workdays.calendar import SHANGHAI, MissingCalendarYear, WorkingCalendar
from jiesu.workdays.tests.helpers import calendar_from_package, sh

MAKEUP_WORKDAYS = [
    date(2025, 9, 28),  # Sunday, National Day 2025
    date(2025, 10, 11),  # Saturday, National Day 2025
    date(2026, 2, 14),  # Saturday, Spring Festival 2026
    date(2026, 2, 28),  # Saturday, Spring Festival 2026
    date(2026, 10, 10),  # Saturday, National Day 2026
]


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return calendar_from_package(2024, 2025, 2026)


@pytest.mark.parametrize("day", MAKEUP_WORKDAYS, ids=str)
def test_makeup_days_are_weekend_working_days(cal, day):
    # given a 调休 day, which the package itself agrees is worked
    assert day.weekday() >= 5
    assert chinese_calendar.is_workday(day)
    # then
    assert cal.is_workday(day)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 13), True),  # Friday before the break
        *[(date(2026, 2, d), False) for d in range(15, 24)],  # 春节 Feb 15–23 off
        (date(2026, 2, 24), True),
        (date(2025, 9, 30), True),
        *[(date(2025, 10, d), False) for d in range(1, 9)],  # 国庆+中秋 Oct 1–8 off
        (date(2025, 10, 9), True),
        (date(2025, 9, 27), False),  # ordinary Saturday
        (date(2025, 10, 12), False),  # Sunday after the make-up Saturday
    ],
    ids=str,
)
def test_spring_festival_2026_and_national_day_2025(cal, day, expected):
    assert cal.is_workday(day) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # the worked example of DESIGN §4: Saturday off, Sunday 2025-09-28 is 调休
        (sh(2025, 9, 26, 15), 1, sh(2025, 9, 28, 15)),
        (sh(2025, 9, 26, 15), 2, sh(2025, 9, 29, 15)),
        (sh(2025, 9, 26, 15), 0, sh(2025, 9, 26, 15)),
        # across National Day 2025 (Oct 1–8 off)
        (sh(2025, 9, 30, 15), 1, sh(2025, 10, 9, 15)),
        (sh(2025, 9, 30, 15), 3, sh(2025, 10, 11, 15)),  # Sat 10-11 is 调休
        (sh(2025, 9, 30, 15), 5, sh(2025, 10, 14, 15)),
        # starting on a holiday: the clock starts at 00:00 of the next working day (10-09)
        (sh(2025, 10, 3, 10), 0, sh(2025, 10, 9, 0)),
        (sh(2025, 10, 3, 10), 1, sh(2025, 10, 10, 0)),  # 24:00 of 10-09
        (sh(2025, 10, 3, 10), 2, sh(2025, 10, 11, 0)),  # 24:00 of 10-10
        (sh(2025, 10, 3, 10), 3, sh(2025, 10, 12, 0)),  # 24:00 of Sat 10-11 (调休)
        # Spring Festival 2026 (Feb 15–23 off, Sat 02-14 and Sat 02-28 worked)
        (sh(2026, 2, 13, 9, 30), 1, sh(2026, 2, 14, 9, 30)),
        (sh(2026, 2, 13, 9, 30), 2, sh(2026, 2, 24, 9, 30)),
        (sh(2026, 2, 12, 16), 5, sh(2026, 2, 26, 16)),
        (sh(2026, 2, 21, 8), 1, sh(2026, 2, 25, 0)),  # from inside the break
        (sh(2026, 2, 27, 10), 1, sh(2026, 2, 28, 10)),
        (sh(2026, 10, 9, 11), 1, sh(2026, 10, 10, 11)),
        # over New Year 2026: Jan 1–3 off, Sunday Jan 4 worked
        (sh(2025, 12, 31, 17), 1, sh(2026, 1, 4, 17)),
        # the seconds survive
        (sh(2025, 9, 26, 23, 59, 59, 500000), 1, sh(2025, 9, 28, 23, 59, 59, 500000)),
    ],
    ids=lambda v: v.isoformat() if isinstance(v, datetime) else str(v),
)
def test_add_working_days(cal, start, n, expected):
    # when
    deadline = cal.add_working_days(start, n)
    # then
    assert deadline == expected
    assert deadline.tzinfo == SHANGHAI
    assert deadline.isoformat().endswith("+08:00")


def test_add_working_days_converts_other_time_zones_to_shanghai(cal):
    # 07:00 UTC on Friday 09-26 is 15:00 in Shanghai
    assert cal.add_working_days(datetime(2025, 9, 26, 7, tzinfo=UTC), 1) == sh(2025, 9, 28, 15)
    # 20:00 UTC on Friday is already Saturday 04:00 in Shanghai, a day off
    deadline = cal.add_working_days(datetime(2025, 9, 26, 20, tzinfo=UTC), 1)
    assert deadline.isoformat() == "2025-09-29T00:00:00+08:00"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (sh(2025, 9, 26, 15), sh(2025, 9, 28, 15), 1.0),
        (sh(2025, 9, 26, 15), sh(2025, 9, 26, 15), 0.0),
        (sh(2025, 9, 28, 15), sh(2025, 9, 26, 15), 0.0),
        (sh(2025, 10, 2), sh(2025, 10, 5, 12), 0.0),  # inside the holiday
        (sh(2025, 9, 30, 18), sh(2025, 10, 9, 6), 0.5),  # 6 h + 6 h over the whole break
        (sh(2025, 10, 3, 10), sh(2025, 10, 10), 1.0),
        (sh(2026, 2, 13, 12), sh(2026, 2, 24, 12), 2.0),  # Fri ½ + Sat 调休 1 + Tue ½
    ],
)
def test_working_days_between(cal, start, end, expected):
    assert cal.working_days_between(start, end) == pytest.approx(expected)


@pytest.mark.parametrize("n", [0, 1, 3, 5, 15])
def test_elapsed_working_time_to_a_deadline_is_n(cal, n):
    # for every day of 2025 at 10:30, the deadline lies exactly n working days ahead
    day = date(2025, 1, 1)
    while day.year == 2025:
        start = datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI).replace(
            hour=10, minute=30
        )
        deadline = cal.add_working_days(start, n)
        assert cal.working_days_between(start, deadline) == pytest.approx(n), day
        day += timedelta(days=1)


def test_next_workday_and_workdays_in(cal):
    assert cal.next_workday(date(2025, 9, 26)) == date(2025, 9, 28)
    assert cal.next_workday(date(2025, 9, 30)) == date(2025, 10, 9)
    workdays_2025 = cal.workdays_in(2025)
    expected = [
        date(2025, 1, 1) + timedelta(days=i)
        for i in range(365)
        if chinese_calendar.is_workday(date(2025, 1, 1) + timedelta(days=i))
    ]
    assert workdays_2025 == expected
    assert len(cal.workdays_in(2026)) == 248


def test_naive_datetime_is_refused(cal):
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.add_working_days(datetime(2025, 9, 26, 15), 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.working_days_between(datetime(2025, 9, 26, 15), sh(2025, 9, 28))


def test_bad_arguments_are_refused(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(sh(2025, 9, 26, 15), -1)
    with pytest.raises(TypeError):
        cal.add_working_days(sh(2025, 9, 26, 15), 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cal.is_workday(sh(2025, 9, 26, 15))
    with pytest.raises(TypeError):
        WorkingCalendar({sh(2025, 9, 26): True})


def test_year_without_data_falls_back_to_monday_to_friday_and_warns(cal, caplog):
    # given a calendar that only knows 2024–2026
    fresh = calendar_from_package(2025)
    caplog.set_level(logging.WARNING, logger="jiesu.workdays")
    # when a 2031 date is used
    with pytest.warns(MissingCalendarYear, match="2031"):
        deadline = fresh.add_working_days(sh(2031, 1, 3, 10), 1)  # Friday
    # then Monday–Friday was used, loudly, and remembered
    assert deadline == sh(2031, 1, 6, 10)
    assert fresh.missing_years_used == {2031}
    assert any(r.name == "jiesu.workdays" and "2031" in r.getMessage() for r in caplog.records)
    assert fresh.is_workday(date(2031, 1, 4)) is False  # Saturday
    assert fresh.is_workday(date(2031, 1, 1)) is True  # New Year, unknown: counted as worked
    # and it warns only once per year per calendar
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fresh.add_working_days(sh(2031, 3, 3, 10), 5)
    assert caught == []


def test_listed_exceptions_are_enough_for_a_year(cal):
    # given a year with data that lists only its exceptions
    sparse = WorkingCalendar({date(2027, 2, 6): True, date(2027, 2, 8): False}, {2027})
    # then unlisted days follow Monday–Friday without any warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sparse.is_workday(date(2027, 2, 6)) is True  # Saturday, listed as worked
        assert sparse.is_workday(date(2027, 2, 8)) is False  # Monday, listed as off
        assert sparse.is_workday(date(2027, 2, 9)) is True
        assert sparse.is_workday(date(2027, 2, 7)) is False
    assert sparse.missing_years_used == set()
