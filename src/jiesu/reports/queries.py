"""Reads for the reports: the one grouped count behind the hotspot report, and the reports
themselves for the people allowed to read them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from jiesu.catalogue.models import Category
from jiesu.core.errors import Forbidden, NotFound
from jiesu.core.paging import page_window, split_page
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import RegionLevel
from jiesu.organisation.models import Region
from jiesu.organisation.permissions import kpi_scope, reads_reports, require_report_reader
from jiesu.reports.choices import ReportKind
from jiesu.reports.hotspots import CategoryInfo, CountRow, RegionInfo, Window
from jiesu.reports.models import HotspotReport, Report
from jiesu.tickets.models import Ticket

# --- the figures ---------------------------------------------------------------------------


def weekly_counts(window: Window) -> list[CountRow]:
    """Tickets taken in during the window's five weeks, by week, category and region, in one
    GROUP BY over a range of the ``created_at`` index. A ticket merged into another (并单) is
    the same matter as its primary and is not counted again."""
    starts = window.starts()
    week = Case(
        *(When(created_at__gte=start, then=Value(back)) for back, start in enumerate(starts)),
        output_field=IntegerField(),
    )
    # The merged are left out by the counts, not by the WHERE clause: ``primary_id IS NULL``
    # there lures SQLite onto the primary_id index, a scan of nearly every ticket.
    taken_in = Q(primary__isnull=True)
    rows = (
        Ticket.objects.filter(created_at__gte=starts[-1], created_at__lt=window.end())
        .annotate(week=week)
        .values("week", "category_id", "region_id")
        .annotate(
            tickets=Count("id", filter=taken_in),
            urgent=Count("id", filter=taken_in & Q(urgent=True)),
            enterprise=Count("id", filter=taken_in & Q(enterprise=True)),
        )
        .order_by()
    )
    return [CountRow(**row) for row in rows]


def category_infos() -> dict[int, CategoryInfo]:
    """Every catalogue item with its top-level industry (行业), from one read of the catalogue."""
    rows = {row["id"]: row for row in Category.objects.values("id", "code", "name", "parent_id")}

    def info(row: dict) -> CategoryInfo:
        top, seen = row, {row["id"]}
        while top["parent_id"] in rows and top["parent_id"] not in seen:  # a cycle stops too
            top = rows[top["parent_id"]]
            seen.add(top["id"])
        return CategoryInfo(row["code"], row["name"], top["code"], top["name"])

    return {pk: info(row) for pk, row in rows.items()}


def region_infos() -> dict[int, RegionInfo]:
    return {
        row["id"]: RegionInfo(row["code"], row["name"], row["level"])
        for row in Region.objects.values("id", "code", "name", "level")
    }


def city_name() -> str:
    """The city the installation serves, as its top-level region is named (e.g. 黄石市)."""
    name = (
        Region.objects.filter(level=RegionLevel.CITY, parent__isnull=True)
        .order_by("id")
        .values_list("name", flat=True)
        .first()
    )
    return name or ""


# --- the reports ---------------------------------------------------------------------------


def latest_report(week_ending) -> HotspotReport | None:
    return HotspotReport.objects.filter(period_end=week_ending).order_by("-version").first()


def get_report_for_user(actor: Actor, report_id: int) -> HotspotReport:
    require_report_reader(actor)
    report = HotspotReport.objects.select_related("generated_by").filter(pk=report_id).first()
    if report is None:
        raise NotFound(
            "report_not_found", _("热点周报%(report_id)s不存在。") % {"report_id": report_id}
        )
    return report


def _with_superseded(qs: QuerySet[HotspotReport]) -> QuerySet[HotspotReport]:
    newer = HotspotReport.objects.filter(
        period_end=OuterRef("period_end"), version__gt=OuterRef("version")
    )
    return qs.annotate(superseded=Exists(newer))


def report_page(actor: Actor, *, page: int, page_size: int) -> tuple[list[HotspotReport], bool]:
    """Newest week first, its newest version first; the figures are not loaded. One row more
    than the page tells whether there is a next page (no full count)."""
    require_report_reader(actor)
    qs = _with_superseded(
        HotspotReport.objects.defer("data").select_related("generated_by")
    ).order_by("-period_end", "-version")
    offset, stop = page_window(page, page_size)
    return split_page(list(qs[offset:stop]), page_size)


def is_superseded(report: HotspotReport) -> bool:
    return HotspotReport.objects.filter(
        period_end=report.period_end, version__gt=report.version
    ).exists()


# --- monthly and special reports ------------------------------------------------------------


def ticket_counts(
    start: datetime, end: datetime, previous_start: datetime, matching: Q | None = None
) -> list[dict[str, Any]]:
    """Tickets taken in during [start, end) and during [previous_start, start), by category and
    region, in one GROUP BY over the ``created_at`` index (merged tickets left out by the
    counts, as in the weekly report)."""
    taken_in = Q(primary__isnull=True)
    now, before = taken_in & Q(created_at__gte=start), taken_in & Q(created_at__lt=start)
    qs = Ticket.objects.filter(created_at__gte=previous_start, created_at__lt=end)
    if matching is not None:
        qs = qs.filter(matching)
    return list(
        qs.values("category_id", "region_id")
        .annotate(
            count=Count("id", filter=now),
            previous=Count("id", filter=before),
            urgent=Count("id", filter=now & Q(urgent=True)),
            enterprise=Count("id", filter=now & Q(enterprise=True)),
        )
        .order_by()
    )


def bucket_counts(bounds: list[datetime], matching: Q) -> list[int]:
    """Tickets matching, taken in within each [bounds[i], bounds[i+1]), in one GROUP BY."""
    bucket = Case(
        *(
            When(created_at__gte=start, then=Value(i))
            for i, start in reversed(list(enumerate(bounds[:-1])))
        ),
        output_field=IntegerField(),
    )
    rows = (
        Ticket.objects.filter(matching, created_at__gte=bounds[0], created_at__lt=bounds[-1])
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(n=Count("id", filter=Q(primary__isnull=True)))
        .order_by()
    )
    found = {row["bucket"]: row["n"] for row in rows}
    return [found.get(i, 0) for i in range(len(bounds) - 1)]


def subtree_ids(model: type[Category] | type[Region], root_id: int) -> list[int]:
    """``root_id`` and every item below it (categories or regions), from one read."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in model.objects.values_list("id", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [root_id]
    while todo:
        pk = todo.pop()
        if pk in found:
            continue
        found.append(pk)
        todo += children.get(pk, [])
    return found


def latest_archived(kind: str, period_end) -> Report | None:
    return Report.objects.filter(kind=kind, period_end=period_end).order_by("-version").first()


def archive_page(
    actor: Actor, *, kind: str | None, page: int, page_size: int
) -> tuple[list[Report], bool]:
    """The archive, newest first. Whole-report readers see every report; a unit's people the
    weekly reports (each opens on their own unit's part)."""
    qs = Report.objects.defer("data").select_related("created_by")
    if not reads_reports(actor):
        if not reads_unit_part(actor):
            raise Forbidden("forbidden", _("您没有查看报告的权限。"))
        qs = qs.filter(kind=ReportKind.WEEKLY)
    elif not reads_whole_city(actor):
        qs = qs.filter(kind=ReportKind.WEEKLY)
    if kind:
        qs = qs.filter(kind=kind)
    offset, stop = page_window(page, page_size)
    return split_page(list(qs.order_by("-created_at", "-id")[offset:stop]), page_size)


def reads_whole_city(actor: Actor) -> bool:
    """Monthly and special reports rank every unit: for those who read everyone's rates."""
    return kpi_scope(actor) == "all"


def reads_unit_part(actor: Actor) -> bool:
    """A unit's (or a county platform's) people read their own unit's part of a weekly report."""
    return actor.unit_id is not None and kpi_scope(actor) in ("unit", "region")


def get_archived_for_user(actor: Actor, report_id: int) -> tuple[Report, str | None]:
    """The report and, for a reader of a unit's part only, the code of that unit."""
    report = Report.objects.select_related("hotspot", "created_by").filter(pk=report_id).first()
    missing = NotFound("report_not_found", _("报告%(id)s不存在或无权查看。") % {"id": report_id})
    if report is None:
        raise missing
    if report.kind == ReportKind.WEEKLY and reads_reports(actor):
        return report, None
    if report.kind != ReportKind.WEEKLY and reads_whole_city(actor):
        return report, None
    if report.kind == ReportKind.WEEKLY and reads_unit_part(actor) and actor.unit is not None:
        return report, actor.unit.code
    raise missing


def reads_whole_weekly(actor: Actor, report: Report) -> bool:
    return report.kind == ReportKind.WEEKLY and reads_reports(actor)


def whole_report_only() -> Forbidden:
    return Forbidden("forbidden", _("您只能查看本单位部分，不能下载全文。"))


def not_a_generator() -> Forbidden:
    return Forbidden("forbidden", _("只有市12345平台人员或管理员可以生成报告。"))
