"""The loader builds the calendar from the table and notices edits without a restart."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from jiesu.workdays import loader
from jiesu.workdays.actions import set_day
from jiesu.workdays.models import CalendarDay
from jiesu.workdays.tests.helpers import sh

pytestmark = pytest.mark.django_db

FROZEN = sh(2025, 9, 26, 12)


@pytest.fixture(autouse=True)
def _fresh_cache():
    loader.invalidate()
    yield
    loader.invalidate()


def test_migration_seeded_calendar_is_loaded():
    cal = loader.get_calendar()
    assert {2020, 2025, 2026} <= cal.years
    assert cal.is_workday(date(2025, 9, 28))
    assert not cal.is_workday(date(2026, 2, 16))
    assert cal.add_working_days(sh(2025, 9, 26, 15), 1) == sh(2025, 9, 28, 15)


def test_unchanged_table_costs_one_query(django_assert_num_queries):
    first = loader.get_calendar()
    with django_assert_num_queries(1):
        again = loader.get_calendar()
    assert again is first


def test_admin_edit_is_picked_up_without_restart():
    # given a cached calendar, and a frozen clock earlier than the seed rows' updated_at, so
    # MAX(updated_at) does not move when the edit is saved
    with time_machine.travel(FROZEN, tick=False):
        before = loader.get_calendar()
        assert before.is_workday(date(2025, 10, 9))
        # when an administrator makes 2025-10-09 a day off (on-commit hooks do not run here)
        set_day(date(2025, 10, 9), False, "临时休息")
        # then the next call sees it
        after = loader.get_calendar()
    assert after is not before
    assert not after.is_workday(date(2025, 10, 9))
    assert after.add_working_days(sh(2025, 10, 3, 10), 1) == sh(2025, 10, 11, 0)


def test_plain_save_and_delete_are_picked_up():
    cal = loader.get_calendar()
    row = CalendarDay.objects.get(day=date(2025, 9, 27))
    row.is_workday = True  # e.g. edited through the admin's model form
    row.save()
    assert loader.get_calendar().is_workday(date(2025, 9, 27))
    CalendarDay.objects.filter(day__year=2026).delete()
    reloaded = loader.get_calendar()
    assert reloaded is not cal
    assert 2026 not in reloaded.years


def test_writes_invalidate_on_commit(django_capture_on_commit_callbacks):
    first = loader.get_calendar()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        set_day(date(2025, 10, 9), False)
    assert loader.invalidate in callbacks
    assert loader._cached is None
    assert loader.get_calendar() is not first
