"""Reads for the handling requests, scoped to who is asking."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from jiesu.core.errors import Forbidden, NotFound, ValidationFailed
from jiesu.handling.choices import OPEN_RETURN_STATUSES, ReturnStatus
from jiesu.handling.models import ExtensionRequest, ReturnRequest
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import RegionLevel, UnitKind
from jiesu.organisation.models import Unit
from jiesu.organisation.permissions import (
    extension_not_found,
    return_not_found,
    return_stats_scope,
    sees_all,
)
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Assignment, Event
from jiesu.tickets.queries import visible_tickets


def dispatching_platform(assignment: Assignment) -> Unit:
    """The platform that handed ``assignment`` out: the county platform for a re-dispatched child,
    otherwise the platform named by the assignment's dispatch event (the city platform, or a
    county platform that took the request in itself)."""
    if assignment.parent_id is not None:
        return Unit.objects.select_related("region").get(pk=assignment.parent.unit_id)
    data = (
        Event.objects.filter(assignment_id=assignment.pk, kind=EventKind.DISPATCHED)
        .order_by("id")
        .values_list("data", flat=True)
        .first()
    )
    code = (data or {}).get("from_unit")
    platform = (
        Unit.objects.select_related("region").filter(code=code, kind=UnitKind.PLATFORM).first()
    )
    if platform is None:
        platform = (
            Unit.objects.select_related("region")
            .filter(kind=UnitKind.PLATFORM, region__level=RegionLevel.CITY)
            .first()
        )
    if platform is None:
        raise NotFound("no_city_platform", "尚未配置市12345平台单位。")
    return platform


def get_extension_for_user(actor: Actor, request_id: int) -> ExtensionRequest:
    """One that is not the actor's answers exactly like one that does not exist."""
    qs = ExtensionRequest.objects.select_related("requested_by", "decided_by")
    if not sees_all(actor):
        qs = qs.filter(assignment__ticket__in=visible_tickets(actor))
    row = qs.filter(pk=request_id).first()
    if row is None:
        raise extension_not_found(request_id)
    return row


def get_return_for_user(actor: Actor, request_id: int) -> ReturnRequest:
    """One that is not the actor's answers exactly like one that does not exist."""
    qs = ReturnRequest.objects.select_related(
            "unit",
            "suggested_unit",
            "owner_unit",
            "leader_approved_by",
            "requested_by",
            "decided_by",
            "dispute_opened_by",
        )
    if not sees_all(actor):
        qs = qs.filter(assignment__ticket__in=visible_tickets(actor))
    row = qs.filter(pk=request_id).first()
    if row is None:
        raise return_not_found(request_id)
    return row


# statistics cover dates a hotline can have; far-off dates would overflow the day arithmetic
PERIOD_BOUNDS = (date(2000, 1, 1), date(2099, 12, 31))


def _period(start: date, end: date) -> tuple[datetime, datetime]:
    if start > end:
        raise ValidationFailed("invalid_period", "统计起始日期不能晚于截止日期。", field="from")
    low, high = PERIOD_BOUNDS
    if start < low or end > high:
        raise ValidationFailed(
            "invalid_period", f"统计日期须在 {low} 至 {high} 之间。", field="from" if start < low else "to"
        )
    tz = timezone.get_default_timezone()
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(
        end + timedelta(days=1), time.min, tzinfo=tz
    )


def return_stats(actor: Actor, *, start: date, end: date) -> list[dict]:
    """Returns per returning unit, requested in [start, end] (Asia/Shanghai dates, inclusive): one
    aggregated query. City platform, supervisors and administrators see every unit; a county
    platform the units of its area; a unit itself."""
    lo, hi = _period(start, end)
    qs = ReturnRequest.objects.filter(requested_at__gte=lo, requested_at__lt=hi)
    scope = return_stats_scope(actor)
    if scope == "region":
        qs = qs.filter(unit__region_id=actor.unit.region_id)
    elif scope == "unit":
        qs = qs.filter(unit_id=actor.unit_id)
    elif scope is None:
        raise Forbidden("forbidden", "无权查看退单统计。")
    rows = (
        qs.values("unit__code", "unit__name")
        .annotate(
            requested=Count("id"),
            accepted=Count("id", filter=Q(status=ReturnStatus.ACCEPTED)),
            refused=Count("id", filter=Q(status=ReturnStatus.REFUSED)),
            pending=Count("id", filter=Q(status__in=OPEN_RETURN_STATUSES)),
            withdrawn=Count("id", filter=Q(status=ReturnStatus.WITHDRAWN)),
            disputed=Count("id", filter=Q(dispute_opened_at__isnull=False)),
        )
        .order_by("unit__code")
    )
    return [
        {
            "unit": r["unit__code"],
            "unit_name": r["unit__name"],
            "requested": r["requested"],
            "accepted": r["accepted"],
            "refused": r["refused"],
            "pending": r["pending"],
            "withdrawn": r["withdrawn"],
            "disputed": r["disputed"],
        }
        for r in rows
    ]
