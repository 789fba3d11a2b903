"""The weekly hotspot report (R9): list, read, generate, and export to Word and Excel."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from jiesu.core.schemas import Input
from jiesu.organisation import permissions
from jiesu.reports import actions, documents, exports, queries, special
from jiesu.reports.choices import ReportKind
from jiesu.reports.models import HotspotReport, Report
from jiesu.reports.presentation import summary
from jiesu.reports.special import parse_day
from jiesu.tickets.serializers import local

router = Router(tags=["reports"])


class HotspotGenerateIn(Input):
    week_ending: str | None = None  # YYYY-MM-DD; empty: the last whole week (ending Sunday)
    regenerate: bool = False


class HotspotReportSummary(Schema):
    id: int
    title: str
    period_start: date
    period_end: date
    version: int
    superseded: bool
    generated_at: datetime
    generated_by: str | None
    ticket_count: int
    rising_count: int
    new_count: int


class HotspotReportOut(HotspotReportSummary):
    summary: str
    data: dict[str, Any]


class HotspotReportPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[HotspotReportSummary]


class PageFilter(Schema):
    page: int = 1


def _summary_dict(report: HotspotReport, *, superseded: bool) -> dict:
    return {
        "id": report.pk,
        "title": report.title,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "version": report.version,
        "superseded": superseded,
        "generated_at": local(report.generated_at),
        "generated_by": report.generated_by.get_username() if report.generated_by else None,
        "ticket_count": report.ticket_count,
        "rising_count": report.rising_count,
        "new_count": report.new_count,
    }


def _report_dict(report: HotspotReport) -> dict:
    return {
        **_summary_dict(report, superseded=queries.is_superseded(report)),
        "summary": summary(report.data),
        "data": report.data,
    }


@router.get(
    "/reports/hotspots", response=HotspotReportPage, summary=gettext_lazy("热点周报列表（R9）")
)
def list_hotspot_reports(request, filters: Query[PageFilter]):
    page, size = max(filters.page, 1), settings.JIESU_API_PAGE_SIZE
    rows, has_next = queries.report_page(request.actor, page=page, page_size=size)
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [_summary_dict(r, superseded=r.superseded) for r in rows],
    }


@router.post(
    "/reports/hotspots",
    response={200: HotspotReportOut, 201: HotspotReportOut},
    summary=gettext_lazy("生成热点周报（R9）：已有则返回，regenerate 生成新版本"),
)
def generate_hotspot_report(request, payload: HotspotGenerateIn):
    permissions.require_report_generator(request.actor)
    now = timezone.now()
    week_ending = actions.parse_week_ending(payload.week_ending, now=now)
    report, created = actions.generate_weekly_hotspots(
        week_ending, now=now, actor=request.actor, regenerate=payload.regenerate
    )
    return Status(201 if created else 200, _report_dict(report))


@router.get(
    "/reports/hotspots/{int:report_id}",
    response=HotspotReportOut,
    summary=gettext_lazy("热点周报（R9）"),
)
def get_hotspot_report(request, report_id: int):
    return _report_dict(queries.get_report_for_user(request.actor, report_id))


def _export_endpoint(extension: str, export: exports.Format) -> None:
    @router.get(
        f"/reports/hotspots/{{int:report_id}}.{extension}",
        summary=format_lazy(gettext_lazy("热点周报{label}"), label=export.label),
        operation_id=f"hotspot_report_{extension}",
        openapi_extra={
            "responses": {200: {"description": export.label, "content": {export.content_type: {}}}}
        },
    )
    def download(request, report_id: int):
        report = queries.get_report_for_user(request.actor, report_id)
        response = HttpResponse(export.write(report), content_type=export.content_type)
        response["Content-Disposition"] = content_disposition_header(
            True, exports.filename(report, extension)
        )
        return response


for _extension, _export in exports.FORMATS.items():
    _export_endpoint(_extension, _export)


# --- the report archive: weekly, monthly and special reports ------------------------------


class ArchivedSummary(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    period_start: date
    period_end: date
    version: int
    created_at: datetime
    created_by: str | None
    formats: list[str]


class ArchivedOut(ArchivedSummary):
    params: dict[str, Any]
    data: dict[str, Any]
    unit: str | None  # a unit's reader gets their own part of a weekly report only


class ArchivedPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[ArchivedSummary]


class ArchiveFilter(Schema):
    page: int = 1
    kind: str | None = None


class MonthlyIn(Input):
    month: str | None = None  # YYYY-MM; empty: the last whole month
    regenerate: bool = False


class SpecialIn(Input):
    topic: str
    from_: str = Field(alias="from")
    to: str
    category: str = ""
    region: str = ""
    keywords: list[str] = []


def _archived_summary(report: Report) -> dict:
    return {
        "id": report.pk,
        "kind": report.kind,
        "kind_label": report.get_kind_display(),
        "title": report.title,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "version": report.version,
        "created_at": local(report.created_at),
        "created_by": report.created_by.get_username() if report.created_by else None,
        "formats": documents.formats(report),
    }


def _archived(report: Report, unit: str | None) -> dict:
    if report.kind == ReportKind.WEEKLY and report.hotspot is not None:
        data = report.hotspot.data
        if unit is not None:
            data = {"units": [s for s in data.get("units", []) if s["code"] == unit]}
    else:
        data = report.data
    summary_dict = _archived_summary(report)
    if unit is not None:
        summary_dict["formats"] = []
    return {**summary_dict, "params": report.params, "data": data, "unit": unit}


@router.get("/reports", response=ArchivedPage, summary=gettext_lazy("报告存档：周报、月报、专报"))
def list_reports(request, filters: Query[ArchiveFilter]):
    page, size = max(filters.page, 1), settings.JIESU_API_PAGE_SIZE
    kind = filters.kind if filters.kind in ReportKind.values else None
    rows, has_next = queries.archive_page(request.actor, kind=kind, page=page, page_size=size)
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [_archived_summary(r) for r in rows],
    }


@router.get(
    "/reports/{int:report_id}",
    response=ArchivedOut,
    summary=gettext_lazy("存档报告（单位只见本单位部分）"),
)
def get_report(request, report_id: int):
    return _archived(*queries.get_archived_for_user(request.actor, report_id))


@router.post(
    "/reports/monthly",
    response={200: ArchivedOut, 201: ArchivedOut},
    summary=gettext_lazy("生成月报：已有则返回，regenerate 生成新版本"),
)
def generate_monthly_report(request, payload: MonthlyIn):
    now = timezone.now()
    permissions.require_report_generator(request.actor)
    month = actions.parse_month(payload.month, now=now)
    report, created = actions.generate_monthly(
        month, now=now, actor=request.actor, regenerate=payload.regenerate
    )
    return Status(201 if created else 200, _archived(report, None))


@router.post(
    "/reports/special", response={201: ArchivedOut}, summary=gettext_lazy("生成专报（每月一题）")
)
def generate_special_report(request, payload: SpecialIn):
    permissions.require_report_generator(request.actor)
    criteria = special.Criteria(
        topic=payload.topic,
        first=parse_day(payload.from_, field="from"),
        last=parse_day(payload.to, field="to"),
        category=payload.category.strip(),
        region=payload.region.strip(),
        keywords=[w.strip() for w in payload.keywords if w.strip()],
    )
    report = actions.generate_special(criteria, now=timezone.now(), actor=request.actor)
    return Status(201, _archived(report, None))


@router.get(
    "/reports/{int:report_id}.{str:extension}",
    summary=gettext_lazy("下载存档报告（docx / xlsx / pdf）"),
    openapi_extra={"responses": {200: {"description": "Word / Excel / PDF"}}},
)
def download_report(request, report_id: int, extension: str):
    report, unit = queries.get_archived_for_user(request.actor, report_id)
    if unit is not None:
        raise queries.whole_report_only()
    file = documents.render(report, extension)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    return response
