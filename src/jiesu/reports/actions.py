"""The weekly hotspot report (热点周报, R9): every 7 days the figures by category and region,
with rising (趋势性) and new (苗头性) items, go to city leadership. A generated report is kept
as it was; generating the same week again returns it, or, asked to, adds a new version."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiesu.core.errors import Conflict, ValidationFailed
from jiesu.organisation.actor import SYSTEM, Actor
from jiesu.organisation.permissions import require_report_generator
from jiesu.reports import queries
from jiesu.reports.hotspots import SHANGHAI, Thresholds, Window, build
from jiesu.reports.keycases import key_cases
from jiesu.reports.models import HotspotReport
from jiesu.reports.presentation import title

EARLIEST = date(2000, 1, 1)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def last_complete_week_ending(now: datetime) -> date:
    """The Sunday that ends the last whole Monday–Sunday week before ``now`` (Asia/Shanghai):
    on Monday 2025-06-23 (and through Sunday 2025-06-29) it is Sunday 2025-06-22."""
    today = timezone.localdate(now, SHANGHAI)
    return today - timedelta(days=today.weekday() + 1)


def parse_week_ending(raw: str | None, *, now: datetime) -> date:
    """``YYYY-MM-DD``; empty means the last whole week before ``now``."""
    text = (raw or "").strip()
    if not text:
        return last_complete_week_ending(now)
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationFailed(
            "invalid_date",
            f"截止日期“{text}”不是有效日期，应为 YYYY-MM-DD，例如 2025-06-22。",
            field="week_ending",
        ) from exc


def _check_week(week_ending: date, now: datetime) -> None:
    today = timezone.localdate(now, SHANGHAI)
    if week_ending >= today:
        raise ValidationFailed(
            "week_not_ended",
            f"截止日期{week_ending.isoformat()}的一周尚未结束：热点周报只统计已经过完的日子，"
            f"截止日期最晚为昨天（{(today - timedelta(days=1)).isoformat()}）。",
            field="week_ending",
        )
    if week_ending < EARLIEST:
        raise ValidationFailed(
            "date_out_of_range",
            f"截止日期{week_ending.isoformat()}过早：须在{EARLIEST.isoformat()}之后。",
            field="week_ending",
        )


def generate_weekly_hotspots(
    week_ending: date, *, now: datetime, actor: Actor = SYSTEM, regenerate: bool = False
) -> tuple[HotspotReport, bool]:
    """The report for the 7 days ending on ``week_ending`` and whether it was made now. An
    existing report of that week is returned as it is, unless ``regenerate`` asks for a new
    version from today's data; versions are never changed or deleted."""
    require_report_generator(actor)
    _check_week(week_ending, now)
    if not regenerate and (existing := queries.latest_report(week_ending)) is not None:
        return existing, False

    window = Window(week_ending)
    data = build(
        window,
        queries.weekly_counts(window),
        categories=queries.category_infos(),
        regions=queries.region_infos(),
        thresholds=Thresholds.from_settings(),
        city=queries.city_name(),
    )
    data["key_cases"] = key_cases(window.starts()[0], window.end())
    try:
        with transaction.atomic():
            latest = queries.latest_report(week_ending)
            if latest is not None and not regenerate:
                return latest, False  # made meanwhile by someone else
            report = HotspotReport.objects.create(
                title=title(data),
                period_start=window.week(0)[0],
                period_end=week_ending,
                version=latest.version + 1 if latest else 1,
                generated_at=now,
                generated_by_id=actor.user_id,
                ticket_count=data["totals"]["count"],
                rising_count=len(data["rising"]),
                new_count=len(data["new"]),
                data=data,
            )
    except IntegrityError as exc:
        # PostgreSQL: a concurrent generation of the same week took this version number first
        winner = queries.latest_report(week_ending)
        if winner is not None and not regenerate:
            return winner, False
        raise Conflict("report_busy", "同一周的热点周报正在由他人生成，请稍后再试。") from exc
    return report, True
