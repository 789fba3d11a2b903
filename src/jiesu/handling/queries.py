"""Reads for the handling requests, scoped to who is asking."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import Forbidden, NotFound, ValidationFailed
from jiesu.core.paging import page_window, split_page
from jiesu.handling.choices import OPEN_RETURN_STATUSES, ExtensionStatus, ReturnStatus
from jiesu.handling.models import ExtensionRequest, ReturnRequest
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.organisation.models import Unit
from jiesu.organisation.permissions import (
    extension_not_found,
    return_not_found,
    return_stats_scope,
    sees_all,
)
from jiesu.tickets.models import Assignment
from jiesu.tickets.queries import visible_tickets


def dispatching_platform(assignment: Assignment) -> Unit:
    """The platform that handed ``assignment`` out, as stored on it at dispatch: the county
    platform for a re-dispatched child, otherwise the city platform or a county platform that
    took the request in itself."""
    platform = (
        Unit.objects.select_related("region").filter(pk=assignment.dispatched_from_id).first()
    )
    if platform is None:
        raise NotFound(
            "no_dispatching_platform", _("交办单%(pk)s没有记录派单平台。") % {"pk": assignment.pk}
        )
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


RETURN_RELATED = (
    "unit",
    "suggested_unit",
    "owner_unit",
    "leader_reviewed_by",
    "requested_by",
    "decided_by",
    "dispute_opened_by",
)


def get_return_for_user(actor: Actor, request_id: int) -> ReturnRequest:
    """One return, or ``return_not_found`` — the same answer whether it does not exist or
    ``actor`` may not see it."""
    qs = ReturnRequest.objects.select_related(*RETURN_RELATED)
    if not sees_all(actor):
        qs = qs.filter(assignment__ticket__in=visible_tickets(actor))
    row = qs.filter(pk=request_id).first()
    if row is None:
        raise return_not_found(request_id)
    return row


def return_page(
    actor: Actor, *, status: str | None, page: int, page_size: int
) -> tuple[list[ReturnRequest], bool]:
    """Returns as work queues, oldest first: a unit its own (its leader's queue with
    ``status=leader_review``); a county platform those of its area; the city platform,
    supervisors and administrators all. One row more than the page tells whether there is a
    next page (no count)."""
    qs = _scoped(ReturnRequest.objects.all(), actor, _("无权查看退单申请。"))
    if status:
        if status not in ReturnStatus.values:
            raise ValidationFailed(
                "invalid_status",
                _("未知的退单申请状态：%(status)s。") % {"status": status},
                field="status",
            )
        qs = qs.filter(status=status)
    qs = qs.select_related(*RETURN_RELATED).order_by("requested_at", "id")
    offset, stop = page_window(page, page_size)
    return split_page(list(qs[offset:stop]), page_size)


def _scoped(qs, actor: Actor, refusal: str):
    """Returns of the units the person reads (``permissions.return_stats_scope``)."""
    scope = return_stats_scope(actor)
    if scope == "region":
        return qs.filter(unit__region_id=actor.unit.region_id)
    if scope == "unit":
        return qs.filter(unit_id=actor.unit_id)
    if scope is None:
        raise Forbidden("forbidden", refusal)
    return qs


# statistics cover dates a hotline can have; far-off dates would overflow the day arithmetic
PERIOD_BOUNDS = (date(2000, 1, 1), date(2099, 12, 31))


def _period(start: date, end: date) -> tuple[datetime, datetime]:
    if start > end:
        raise ValidationFailed("invalid_period", _("统计起始日期不能晚于截止日期。"), field="from")
    low, high = PERIOD_BOUNDS
    if start < low or end > high:
        raise ValidationFailed(
            "invalid_period",
            _("统计日期须在 %(low)s 至 %(high)s 之间。") % {"low": low, "high": high},
            field="from" if start < low else "to",
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
    qs = _scoped(
        ReturnRequest.objects.filter(requested_at__gte=lo, requested_at__lt=hi),
        actor,
        _("无权查看退单统计。"),
    )
    rows = (
        qs.values("unit__code", "unit__name")
        .annotate(
            requested=Count("id"),
            accepted=Count("id", filter=Q(status=ReturnStatus.ACCEPTED)),
            refused=Count("id", filter=Q(status=ReturnStatus.REFUSED)),
            pending=Count("id", filter=Q(status__in=OPEN_RETURN_STATUSES)),
            withdrawn=Count("id", filter=Q(status=ReturnStatus.WITHDRAWN)),
            disputed=Count("id", filter=Q(dispute_opened_at__isnull=False)),
            leader_refused=Count("id", filter=Q(status=ReturnStatus.LEADER_REFUSED)),
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
            "leader_refused": r["leader_refused"],
        }
        for r in rows
    ]


# --- work queues: requests that wait for a decision (issue 7) ---------------------------------


def extension_page(
    actor: Actor, *, status: str | None, page: int, page_size: int
) -> tuple[list[ExtensionRequest], bool]:
    """Extension requests of the units the person reads (as for returns), oldest first; one row
    more than the page tells whether there is a next page (no count)."""
    qs = ExtensionRequest.objects.all()
    scope = return_stats_scope(actor)
    if scope == "region":
        qs = qs.filter(assignment__unit__region_id=actor.unit.region_id)
    elif scope == "unit":
        qs = qs.filter(assignment__unit_id=actor.unit_id)
    elif scope is None:
        raise Forbidden("forbidden", _("无权查看延期申请。"))
    if status:
        if status not in ExtensionStatus.values:
            raise ValidationFailed(
                "invalid_status",
                _("未知的延期申请状态：%(status)s。") % {"status": status},
                field="status",
            )
        qs = qs.filter(status=status)
    qs = qs.select_related("requested_by", "decided_by", "assignment").order_by(
        "requested_at", "id"
    )
    offset, stop = page_window(page, page_size)
    return split_page(list(qs[offset:stop]), page_size)


def _deciding(qs, actor: Actor, path: str):
    """Requests on work the person's platform dispatched (``permissions.deciding_platform``)."""
    platform = permissions.deciding_platform(actor)
    if platform is None:
        return qs.none()
    return qs if platform == "all" else qs.filter(**{path: platform})


def extensions_to_decide(actor: Actor) -> QuerySet[ExtensionRequest]:
    qs = ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING)
    return _deciding(qs, actor, "assignment__dispatched_from_id").order_by("requested_at", "id")


def returns_to_decide(actor: Actor, status: str = ReturnStatus.PENDING) -> QuerySet[ReturnRequest]:
    """Returns (``pending``) or dispatch disputes (``disputed``) the person's platform decides."""
    qs = ReturnRequest.objects.filter(status=status)
    return _deciding(qs, actor, "assignment__dispatched_from_id").order_by("requested_at", "id")


def returns_to_lead(actor: Actor) -> QuerySet[ReturnRequest]:
    """Returns waiting for the leader review of the person's unit (R15)."""
    unit = permissions.leads_returns_of(actor)
    qs = ReturnRequest.objects.filter(status=ReturnStatus.LEADER_REVIEW)
    if unit is None:
        return qs.none()
    return (qs if unit == "all" else qs.filter(unit_id=unit)).order_by("requested_at", "id")
