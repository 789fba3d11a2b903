"""Periodic work of the reports, run by `jiesu worker` (Huey)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from jiesu.reports.actions import generate_weekly_hotspots, last_complete_week_ending
from jiesu.reports.hotspots import SHANGHAI

_monday_0800 = crontab(day_of_week="1", hour="8", minute="0")


def monday_morning(timestamp: datetime) -> bool:
    """Monday 08:00 in Asia/Shanghai. Huey checks periodic tasks once a minute with a naive
    timestamp in UTC (its default ``utc=True``) — a plain crontab would fire at 16:00 Beijing
    time — or in the process's local time when ``utc`` is off."""
    if HUEY.utc:
        timestamp = timestamp.replace(tzinfo=UTC).astimezone(SHANGHAI).replace(tzinfo=None)
    return _monday_0800(timestamp)


@db_periodic_task(monday_morning)
def weekly_hotspot_report() -> int:
    """The hotspot report (R9) of the week that ended on Sunday; an existing one is kept."""
    now = timezone.now()
    report, _ = generate_weekly_hotspots(last_complete_week_ending(now), now=now)
    return report.pk
