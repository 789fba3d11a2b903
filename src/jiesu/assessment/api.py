"""The assessment rates (R21) and the lists behind each figure."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from jiesu.assessment import documents, notice, queries, rates, serializers
from jiesu.core.paging import page_window, split_page

router = Router(tags=["assessment"])


class KpiFilter(Schema):
    from_: str = Field(
        ..., alias="from", description=gettext_lazy("统计期开始日期 YYYY-MM-DD（含）")
    )
    to: str = Field(..., description=gettext_lazy("统计期结束日期 YYYY-MM-DD（含）"))
    unit: str | None = Field(None, description=gettext_lazy("单位编码；不填为查看范围内的全部单位"))
    as_of: str | None = Field(None, description=gettext_lazy("统计时点 ISO 8601；默认当前时间"))


class DrillFilter(KpiFilter):
    figure: str = Field(..., description=gettext_lazy("指标构成项，见 /kpis 的 counts"))
    page: int = 1


class KpiRow(Schema):
    scope: str
    unit: str
    name: str
    kind: str
    region: str
    connection_rate: float | None
    sign_rate: float | None
    completion_rate: float | None
    satisfaction_rate: float | None
    answer_in_15s_rate: float | None
    counts: dict[str, int]


class KpiOut(Schema):
    from_: date = Field(..., alias="from")
    to: date
    as_of: datetime
    formulas: dict[str, str]
    city: KpiRow | None
    counties: list[KpiRow]
    units: list[KpiRow]


class DrillPage(Schema):
    figure: str
    page: int
    page_size: int
    has_next: bool
    items: list[dict[str, Any]]


def _period(filters: KpiFilter):
    return queries.period_from(filters.from_, filters.to, filters.as_of, now=timezone.now())


@router.get(
    "/kpis",
    response=KpiOut,
    by_alias=True,
    summary=gettext_lazy("四项考核指标（接通率、签收率、办结率、满意率，R21）"),
)
def kpis(request, filters: Query[KpiFilter]):
    result = queries.assessment_for_user(request.actor, _period(filters), unit=filters.unit)
    return serializers.assessment_dict(result)


def _page(filters: DrillFilter, rows_of, item) -> dict[str, Any]:
    size = settings.JIESU_API_PAGE_SIZE
    offset, stop = page_window(filters.page, size)
    rows, has_next = split_page(rows_of(offset, stop), size)
    return {
        "figure": filters.figure,
        "page": max(filters.page, 1),
        "page_size": size,
        "has_next": has_next,
        "items": [item(row) for row in rows],
    }


@router.get(
    "/kpis/assignments",
    response=DrillPage,
    summary=gettext_lazy("指标下钻：签收率、办结率背后的交办单"),
)
def kpi_assignments(request, filters: Query[DrillFilter]):
    period = _period(filters)

    def rows_of(offset: int, stop: int) -> list:
        return queries.assignment_drill_rows(
            request.actor, period, filters.figure, unit=filters.unit, offset=offset, stop=stop
        )

    return _page(filters, rows_of, serializers.assignment_item)


@router.get(
    "/kpis/callbacks", response=DrillPage, summary=gettext_lazy("指标下钻：满意率背后的回访")
)
def kpi_callbacks(request, filters: Query[DrillFilter]):
    qs = queries.callback_drill(request.actor, _period(filters), filters.figure, unit=filters.unit)
    return _page(filters, lambda offset, stop: list(qs[offset:stop]), serializers.callback_item)


def _notice_endpoint(extension: str, export: documents.Format) -> None:
    @router.get(
        f"/notices/monthly.{extension}",
        summary=_("月度通报%(label)s（排名、正反面典型、退单与超期，R22）")
        % {"label": export.label},
        operation_id=f"monthly_notice_{extension}",
        openapi_extra={
            "responses": {200: {"description": export.label, "content": {export.content_type: {}}}}
        },
    )
    def download(request, filters: Query[KpiFilter]):
        queries.require_whole_city(request.actor)
        doc = notice.build(rates.compute(_period(filters)))
        response = HttpResponse(export.write(doc), content_type=export.content_type)
        response["Content-Disposition"] = content_disposition_header(
            True, f"{doc.filename}.{extension}"
        )
        return response


for _extension, _export in documents.FORMATS.items():
    _notice_endpoint(_extension, _export)
