"""The weekly hotspot report (R9): list, read, generate, and export to Word and Excel."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from ninja import Query, Router, Schema, Status

from jiesu.core.schemas import Input
from jiesu.organisation import permissions
from jiesu.reports import actions, exports, queries
from jiesu.reports.models import HotspotReport
from jiesu.reports.presentation import summary
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


@router.get("/reports/hotspots", response=HotspotReportPage, summary="热点周报列表（R9）")
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
    summary="生成热点周报（R9）：已有则返回，regenerate 生成新版本",
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
    "/reports/hotspots/{int:report_id}", response=HotspotReportOut, summary="热点周报（R9）"
)
def get_hotspot_report(request, report_id: int):
    return _report_dict(queries.get_report_for_user(request.actor, report_id))


def _export_endpoint(extension: str, export: exports.Format) -> None:
    @router.get(
        f"/reports/hotspots/{{int:report_id}}.{extension}",
        summary=f"热点周报{export.label}",
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
