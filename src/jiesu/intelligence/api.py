"""Suggestions while a call is taken, and the matters behind the hotspots."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from jiesu.intelligence.hotspots import hotspots, period
from jiesu.intelligence.schemas import HotspotsOut, SuggestIn, SuggestionsOut
from jiesu.intelligence.suggest import call_from, suggest
from jiesu.organisation import permissions

router = Router(tags=["intelligence"])


@router.post(
    "/suggest",
    response=SuggestionsOut,
    summary=gettext_lazy("受理智能建议（分类、承办单位、重复件）"),
)
def suggest_for_call(request, payload: SuggestIn):
    permissions.require(request.actor, "intake")
    call = call_from(
        payload.subject, payload.content, payload.phone, payload.region, payload.address
    )
    return suggest(call)


class HotspotFilter(Schema):
    start: str | None = Field(None, alias="from")
    end: str | None = Field(None, alias="to")


@router.get(
    "/hotspots",
    response=HotspotsOut,
    summary=gettext_lazy("热点事项（同一地点、同一问题的诉求聚类）"),
)
def matters(request, filters: Query[HotspotFilter]):
    permissions.require_report_reader(request.actor)
    start, end = period(filters.start, filters.end, today=timezone.localdate())
    return hotspots(start, end)
