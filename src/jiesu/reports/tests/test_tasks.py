"""The weekly task: Huey fires it at Monday 08:00 Beijing time, and it reports the week that
ended the Sunday before."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from huey.contrib.djhuey import HUEY

from jiesu.reports.actions import last_complete_week_ending
from jiesu.reports.models import HotspotReport
from jiesu.reports.tasks import monday_morning, weekly_hotspot_report
from jiesu.testing.builders import sh


def huey_clock(moment: datetime) -> datetime:
    """What Huey hands a periodic check: a naive UTC timestamp (``utc=True``, its default)."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def test_huey_runs_on_utc_timestamps():
    assert HUEY.utc is True


def test_it_fires_once_a_week_at_monday_0800_in_shanghai():
    # given every minute of a week, as Huey's scheduler checks them
    start = sh(2025, 6, 22, 0, 0)  # Sunday
    minutes = [start + timedelta(minutes=m) for m in range(7 * 24 * 60)]
    # when
    fired = [m for m in minutes if monday_morning(huey_clock(m))]
    # then
    assert fired == [sh(2025, 6, 23, 8, 0)]


def test_huey_lists_it_among_the_due_periodic_tasks_at_that_minute():
    due = {t.name for t in HUEY.read_periodic(huey_clock(sh(2025, 6, 23, 8, 0)))}
    later = {t.name for t in HUEY.read_periodic(huey_clock(sh(2025, 6, 23, 16, 0)))}
    assert "weekly_hotspot_report" in {name.rsplit(".", 1)[-1] for name in due}
    assert "weekly_hotspot_report" not in {name.rsplit(".", 1)[-1] for name in later}


@pytest.mark.parametrize(
    ("now", "sunday"),
    [
        (sh(2025, 6, 23, 8, 0), date(2025, 6, 22)),  # Monday morning
        (sh(2025, 6, 23, 0, 0), date(2025, 6, 22)),
        (sh(2025, 6, 29, 23, 59), date(2025, 6, 22)),  # Sunday night: that week is not over
        (sh(2025, 6, 30, 0, 0), date(2025, 6, 29)),
        (sh(2026, 1, 5, 8, 0), date(2026, 1, 4)),  # across the new year
    ],
)
def test_the_week_reported_ends_on_the_last_sunday_that_is_over(now, sunday):
    assert last_complete_week_ending(now) == sunday


@pytest.mark.usefixtures("city")
def test_the_task_reports_the_previous_week_once(clock):
    # given Monday 2025-06-30 08:00 (+08:00)
    clock.move_to(sh(2025, 6, 30, 8, 0))
    # when it runs, and runs again (a restarted worker)
    first = weekly_hotspot_report.call_local()
    second = weekly_hotspot_report.call_local()
    # then
    report = HotspotReport.objects.get()
    assert first == second == report.pk
    assert (report.period_start, report.period_end) == (date(2025, 6, 23), date(2025, 6, 29))
    assert (report.generated_by, report.version) == (None, 1)
