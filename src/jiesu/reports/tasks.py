"""Periodic work of the reports, run by `jiesu worker` (Huey)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from jiesu.reports.actions import (
    generate_monthly,
    generate_weekly_hotspots,
    last_complete_week_ending,
    parse_month,
)
from jiesu.reports.hotspots import SHANGHAI

_monday_0800 = crontab(day_of_week="1", hour="8", minute="0")
_first_0830 = crontab(day="1", hour="8", minute="30")


def _beijing(timestamp: datetime) -> datetime:
    """Huey checks periodic tasks once a minute with a naive timestamp in UTC (its default
    ``utc=True``) — a plain crontab would fire eight hours late in Beijing time — or in the
    process's local time when ``utc`` is off."""
    if HUEY.utc:
        return timestamp.replace(tzinfo=UTC).astimezone(SHANGHAI).replace(tzinfo=None)
    return timestamp


def monday_morning(timestamp: datetime) -> bool:
    """Monday 08:00 in Asia/Shanghai."""
    return _monday_0800(_beijing(timestamp))


def first_of_month_morning(timestamp: datetime) -> bool:
    """The 1st of the month, 08:30 in Asia/Shanghai."""
    return _first_0830(_beijing(timestamp))


@db_periodic_task(monday_morning)
def weekly_hotspot_report() -> int:
    """The hotspot report (R9) of the week that ended on Sunday, archived and delivered to the
    people concerned (``reports.delivery``); an existing one is kept and not sent again."""
    now = timezone.now()
    report, _ = generate_weekly_hotspots(last_complete_week_ending(now), now=now)
    return report.pk


@db_periodic_task(first_of_month_morning)
def monthly_report() -> int:
    """The monthly report (月报) of the month just ended, archived and sent to leadership."""
    now = timezone.now()
    report, _ = generate_monthly(parse_month("", now=now), now=now)
    return report.pk
