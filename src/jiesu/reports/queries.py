"""Reads for the reports: the one grouped count behind the hotspot report, and the reports
themselves for the people allowed to read them."""

from __future__ import annotations

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from jiesu.catalogue.models import Category
from jiesu.core.errors import NotFound
from jiesu.core.paging import page_window, split_page
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import RegionLevel
from jiesu.organisation.models import Region
from jiesu.organisation.permissions import require_report_reader
from jiesu.reports.hotspots import CategoryInfo, CountRow, RegionInfo, Window
from jiesu.reports.models import HotspotReport
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
        raise NotFound("report_not_found", f"热点周报{report_id}不存在。")
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
