"""Suggestions while a call is taken, and the matters behind the hotspots."""

from __future__ import annotations

import re

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from jiesu.core.errors import ValidationFailed
from jiesu.intelligence.hotspots import hotspots, period
from jiesu.intelligence.schemas import HotspotsOut, SuggestIn, SuggestionsOut
from jiesu.intelligence.suggest import Call, suggest
from jiesu.organisation import permissions
from jiesu.organisation.models import Region

router = Router(tags=["intelligence"])


def call_from(subject: str, content: str, phone: str, region: str | None, address: str) -> Call:
    """What the operator has typed so far; an unfinished phone number is simply not matched."""
    found = None
    if region:
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise ValidationFailed("unknown_region", f"未知的区域编码：{region}。", field="region")
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return Call(subject=subject, content=content, phone=digits, region=found, address=address)


@router.post("/suggest", response=SuggestionsOut, summary="受理智能建议（分类、承办单位、重复件）")
def suggest_for_call(request, payload: SuggestIn):
    permissions.require(request.actor, "intake")
    call = call_from(
        payload.subject, payload.content, payload.phone, payload.region, payload.address
    )
    return suggest(call)


class HotspotFilter(Schema):
    start: str | None = Field(None, alias="from")
    end: str | None = Field(None, alias="to")


@router.get("/hotspots", response=HotspotsOut, summary="热点事项（同一地点、同一问题的诉求聚类）")
def matters(request, filters: Query[HotspotFilter]):
    permissions.require_report_reader(request.actor)
    start, end = period(filters.start, filters.end, today=timezone.localdate())
    return hotspots(start, end)
