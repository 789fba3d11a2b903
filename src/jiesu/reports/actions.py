"""The weekly hotspot report (热点周报, R9): every 7 days the figures by category and region,
with rising (趋势性) and new (苗头性) items, go to city leadership. A generated report is kept
as it was; generating the same week again returns it, or, asked to, adds a new version."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import Conflict, ValidationFailed
from jiesu.organisation.actor import SYSTEM, Actor
from jiesu.organisation.permissions import require_report_generator
from jiesu.reports import monthly, queries, special
from jiesu.reports.choices import ReportKind
from jiesu.reports.delivery import deliver
from jiesu.reports.hotspots import SHANGHAI, Thresholds, Window, build
from jiesu.reports.keycases import key_cases
from jiesu.reports.matters import report_matters
from jiesu.reports.models import HotspotReport, Report
from jiesu.reports.presentation import title
from jiesu.reports.units import unit_sections

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
            _("截止日期“%(text)s”不是有效日期，应为 YYYY-MM-DD，例如 2025-06-22。")
            % {"text": text},
            field="week_ending",
        ) from exc


def _check_week(week_ending: date, now: datetime) -> None:
    today = timezone.localdate(now, SHANGHAI)
    if week_ending >= today:
        raise ValidationFailed(
            "week_not_ended",
            _(
                "截止日期%(week_ending)s的一周尚未结束：热点周报只统计已经过完的日子，截止日期最晚为昨天（%(yesterday)s）。"
            )
            % {
                "week_ending": week_ending.isoformat(),
                "yesterday": (today - timedelta(days=1)).isoformat(),
            },
            field="week_ending",
        )
    if week_ending < EARLIEST:
        raise ValidationFailed(
            "date_out_of_range",
            _("截止日期%(week_ending)s过早：须在%(EARLIEST)s之后。")
            % {"week_ending": week_ending.isoformat(), "EARLIEST": EARLIEST.isoformat()},
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
    start, end = window.starts()[0], window.end()
    data["key_cases"] = key_cases(start, end)
    data["matters"] = report_matters(start, end)
    data["units"] = unit_sections(
        window.week(0)[0], week_ending, now=now, key_cases=data["key_cases"]
    )
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
            archived = Report.objects.create(
                kind=ReportKind.WEEKLY,
                title=report.title,
                period_start=report.period_start,
                period_end=report.period_end,
                version=report.version,
                hotspot=report,
                created_at=now,
                created_by_id=actor.user_id,
            )
    except IntegrityError as exc:
        # PostgreSQL: a concurrent generation of the same week took this version number first
        winner = queries.latest_report(week_ending)
        if winner is not None and not regenerate:
            return winner, False
        raise Conflict("report_busy", _("同一周的热点周报正在由他人生成，请稍后再试。")) from exc
    deliver(archived, now=now)
    return report, True


# --- monthly and special reports -----------------------------------------------------------


def parse_month(raw: str | None, *, now: datetime) -> date:
    """``YYYY-MM`` → its first day; empty: the last whole month before ``now``."""
    text = (raw or "").strip()
    if not text:
        return (timezone.localdate(now, SHANGHAI).replace(day=1) - timedelta(days=1)).replace(day=1)
    if not re.fullmatch(r"\d{4}-\d{2}", text) or not 1 <= int(text[5:]) <= 12:
        raise ValidationFailed(
            "invalid_month",
            _("月份“%(v)s”无效，应为 YYYY-MM，例如 2025-06。") % {"v": text},
            field="month",
        )
    return date(int(text[:4]), int(text[5:]), 1)


def _archive(
    kind: str,
    data: dict,
    *,
    title: str,
    first: date,
    last: date,
    version: int,
    params: dict,
    now: datetime,
    actor: Actor,
) -> Report:
    return Report.objects.create(
        kind=kind,
        title=title,
        period_start=first,
        period_end=last,
        version=version,
        params=params,
        data=data,
        created_at=now,
        created_by_id=actor.user_id,
    )


def generate_monthly(
    month: date, *, now: datetime, actor: Actor = SYSTEM, regenerate: bool = False
) -> tuple[Report, bool]:
    """The monthly report (月报) of the month holding ``month``; an existing one is returned
    unless ``regenerate`` asks for a new version. The month must be over."""
    require_report_generator(actor)
    first, last = monthly.month_bounds(month)
    if last >= timezone.localdate(now, SHANGHAI):
        raise ValidationFailed(
            "month_not_ended",
            _("%(m)s尚未结束：月报只统计已经过完的月份。") % {"m": f"{first:%Y-%m}"},
            field="month",
        )
    if first < EARLIEST:
        raise ValidationFailed("date_out_of_range", _("月份过早：须在2000年之后。"), field="month")
    if not regenerate and (existing := queries.latest_archived(ReportKind.MONTHLY, last)):
        return existing, False
    data = monthly.build(first, last, now=now)
    try:
        with transaction.atomic():
            latest = queries.latest_archived(ReportKind.MONTHLY, last)
            if latest is not None and not regenerate:
                return latest, False
            report = _archive(
                ReportKind.MONTHLY,
                data,
                title=_("%(city)s12345热线%(y)d年%(m)d月工作月报")
                % {"city": data["city"], "y": first.year, "m": first.month},
                first=first,
                last=last,
                version=latest.version + 1 if latest else 1,
                params={"month": f"{first:%Y-%m}"},
                now=now,
                actor=actor,
            )
    except IntegrityError as exc:
        raise Conflict("report_busy", _("同一月份的月报正在由他人生成，请稍后再试。")) from exc
    deliver(report, now=now)
    return report, True


def generate_special(criteria: special.Criteria, *, now: datetime, actor: Actor = SYSTEM) -> Report:
    """A special report (专报) on the matter ``criteria`` names; each one is a new report."""
    require_report_generator(actor)
    special.check(criteria, now=now)
    if criteria.first < EARLIEST:
        raise ValidationFailed(
            "date_out_of_range", _("起始日期过早：须在2000年之后。"), field="from"
        )
    data = special.build(criteria, now=now)
    with transaction.atomic():
        report = _archive(
            ReportKind.SPECIAL,
            data,
            title=_("专报：%(topic)s") % {"topic": data["topic"]},
            first=criteria.first,
            last=criteria.last,
            version=1,
            params=criteria.params(),
            now=now,
            actor=actor,
        )
    deliver(report, now=now)
    return report
