"""Shared steps for the report tests: tickets taken in at fixed Shanghai times, the weeks of the
window that the frozen clock (Monday 2025-06-23 09:00) reports on, and the generation itself."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from jiesu.reports.actions import generate_weekly_hotspots
from jiesu.reports.models import HotspotReport
from jiesu.testing.builders import fresh_phone, make_ticket, sh
from jiesu.tickets.models import Ticket

WEEK_ENDING = date(2025, 6, 22)  # Sunday; the week reported is Mon 06-16 … Sun 06-22


def in_week(back: int, hour: int = 10) -> datetime:
    """Wednesday of the week ``back`` weeks before the one reported (0: that week itself)."""
    return sh(2025, 6, 18, hour) - timedelta(days=7 * back)


def take_in(count: int, at: datetime, **over: Any) -> list[Ticket]:
    """``count`` tickets taken in at ``at``, each from its own phone (no repeat-caller hints)."""
    return [make_ticket(now=at, caller_phone=fresh_phone(), **over) for _ in range(count)]


def weekly(counts: list[int], **over: Any) -> None:
    """Tickets per week, this week first: ``weekly([6, 2, 2, 2, 2], category=…)``."""
    for back, count in enumerate(counts):
        take_in(count, in_week(back), **over)


def generate(week_ending: date = WEEK_ENDING, **kwargs: Any) -> HotspotReport:
    report, _ = generate_weekly_hotspots(week_ending, now=timezone.now(), **kwargs)
    return report


def item(items: list[dict], **match: Any) -> dict:
    found = [i for i in items if all(i[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, items)
    return found[0]
