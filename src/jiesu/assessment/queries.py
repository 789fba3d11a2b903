"""Reads of the assessment, scoped to who is asking: the rates table and the drill-down lists
behind each figure."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jiesu.assessment import rates
from jiesu.assessment.choices import AssignmentFigure, CallbackFigure
from jiesu.assessment.models import Call, HistoricalAssignment
from jiesu.assessment.rates import SH, Assessment, Period
from jiesu.core.errors import Forbidden, NotFound, ValidationFailed
from jiesu.core.inputs import check_year
from jiesu.organisation.actor import Actor
from jiesu.organisation.models import Unit
from jiesu.organisation.permissions import kpi_scope
from jiesu.tickets.models import Assignment, Callback

MAX_PERIOD_DAYS = 400


def parse_date(text: str, *, field: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValidationFailed(
            "invalid_date",
            _("%(field)s 须为 YYYY-MM-DD 格式的日期。") % {"field": field},
            field=field,
        ) from None
    check_year(day, field=field)
    return day


def parse_moment(text: str, *, field: str) -> datetime:
    """ISO 8601; without an offset it is Asia/Shanghai time."""
    try:
        moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except (ValueError, AttributeError):
        raise ValidationFailed(
            "invalid_datetime",
            _("%(field)s 须为 ISO 8601 时间，例如 2025-06-30T18:00:00+08:00。") % {"field": field},
            field=field,
        ) from None
    check_year(moment, field=field)
    return moment if moment.tzinfo else moment.replace(tzinfo=SH)


def period_from(start: str, end: str, as_of: str | None, *, now: datetime) -> Period:
    first, last = parse_date(start, field="from"), parse_date(end, field="to")
    if last < first:
        raise ValidationFailed("invalid_period", _("统计期的结束日期早于开始日期。"), field="to")
    if last - first > timedelta(days=MAX_PERIOD_DAYS):
        raise ValidationFailed(
            "invalid_period",
            _("统计期最长 %(MAX_PERIOD_DAYS)s 天，请分段统计。")
            % {"MAX_PERIOD_DAYS": MAX_PERIOD_DAYS},
            field="to",
        )
    return Period(first, last, parse_moment(as_of, field="as_of") if as_of else now)


def month_of(day: date, *, now: datetime) -> Period:
    """The calendar month holding ``day``, as of ``now``."""
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return Period(first, last, now)


def _scope(actor: Actor) -> str:
    scope = kpi_scope(actor)
    if scope is None:
        raise Forbidden(
            "forbidden", _("只有12345平台人员、督导、承办单位人员和管理员可以查看考核指标。")
        )
    return scope


def visible_units(actor: Actor) -> QuerySet[Unit]:
    scope = _scope(actor)
    units = rates.assessed_units()
    if scope == "region":
        return units.filter(region_id=actor.unit.region_id if actor.unit else None)
    if scope == "unit":
        return units.filter(pk=actor.unit_id)
    return units


def get_unit_for_user(actor: Actor, code: str) -> Unit:
    unit = visible_units(actor).filter(code=code).first()
    if unit is None:
        raise NotFound(
            "unit_not_found",
            _("单位 %(code)s 不存在或不在您的查看范围内。") % {"code": code},
            field="unit",
        )
    return unit


def require_whole_city(actor: Actor) -> None:
    """Notices and reports rank every unit: for those who read everyone's rates."""
    if _scope(actor) != "all":
        raise Forbidden("forbidden", _("只有市12345平台人员、督导和管理员可以查看全市通报和报告。"))


def parse_month(text: str, *, now: datetime) -> Period:
    try:
        day = datetime.strptime(text.strip() + "-01", "%Y-%m-%d").date()  # noqa: DTZ007
    except (ValueError, AttributeError):
        raise ValidationFailed(
            "invalid_month", _("month 须为 YYYY-MM 格式。"), field="month"
        ) from None
    return month_of(day, now=now)


def assessment_for_user(actor: Actor, period: Period, *, unit: str | None = None) -> Assessment:
    """The rates table the person may read: everyone's for ``sees_all``, the county's units and
    the county line for a county platform, the own unit's line for a unit's people."""
    scope = _scope(actor)
    result = rates.compute(period)
    codes = set(visible_units(actor).values_list("code", flat=True))
    if unit is not None:
        codes = {get_unit_for_user(actor, unit).code}
    result.units = [row for row in result.units if row.code in codes]
    if scope != "all":
        result.city = None
    if scope == "region":
        region = actor.unit.region.code if actor.unit else None
        result.counties = [row for row in result.counties if row.code == region]
    elif scope == "unit":
        result.counties = []
    return result


def figure_of(choices: type[AssignmentFigure] | type[CallbackFigure], value: str) -> str:
    if value not in choices.values:
        raise ValidationFailed(
            "invalid_figure",
            _("figure 须为以下之一：") + "、".join(choices.values) + "。",
            field="figure",
        )
    return value


def assignment_drill(
    actor: Actor, period: Period, figure: str, *, unit: str | None = None
) -> QuerySet[Assignment]:
    """The assignments behind one figure (``AssignmentFigure``), newest dispatch first."""
    condition = rates.assignment_figures(period.as_of)[figure_of(AssignmentFigure, figure)]
    qs = rates.assignment_population(period).filter(condition)
    if unit is not None:
        qs = qs.filter(unit=get_unit_for_user(actor, unit))
    elif _scope(actor) != "all":
        qs = qs.filter(unit__in=visible_units(actor))
    return qs.select_related("ticket", "unit").order_by("-dispatched_at", "-id")


def history_drill(
    actor: Actor, period: Period, figure: str, *, unit: str | None = None
) -> QuerySet[HistoricalAssignment]:
    """The imported assignments behind one figure: the same conditions on the same columns."""
    condition = rates.assignment_figures(period.as_of)[figure_of(AssignmentFigure, figure)]
    qs = rates.history_population(period).filter(condition)
    if unit is not None:
        qs = qs.filter(unit=get_unit_for_user(actor, unit))
    elif _scope(actor) != "all":
        qs = qs.filter(unit__in=visible_units(actor))
    return qs.select_related("unit").order_by("-dispatched_at", "-id")


def assignment_drill_rows(
    actor: Actor, period: Period, figure: str, *, unit: str | None, offset: int, stop: int
) -> list[Assignment | HistoricalAssignment]:
    """Rows ``offset``..``stop`` of the live assignments behind a figure followed by the
    imported ones (a city's history before the switch)."""
    live = assignment_drill(actor, period, figure, unit=unit)
    rows: list[Assignment | HistoricalAssignment] = list(live[offset:stop])
    if len(rows) < stop - offset:
        skip = max(offset - live.count(), 0) if not rows else 0
        more = history_drill(actor, period, figure, unit=unit)
        rows += list(more[skip : skip + stop - offset - len(rows)])
    return rows


def callback_drill(
    actor: Actor, period: Period, figure: str, *, unit: str | None = None
) -> QuerySet[Callback]:
    """The callbacks behind one figure (``CallbackFigure``), newest first."""
    qs = rates.callbacks_in(period).filter(
        rates.CALLBACK_FIGURES[figure_of(CallbackFigure, figure)]
    )
    if unit is not None:
        qs = qs.filter(main_unit=get_unit_for_user(actor, unit))
    elif _scope(actor) != "all":
        qs = qs.filter(main_unit__in=visible_units(actor))
    return qs.select_related("ticket", "main_unit").order_by("-at", "-id")


def abandoned_calls(period: Period, *, limit: int = 5000) -> list[Call]:
    """Calls offered in the period and never answered (呼损), newest first: to call back."""
    return list(
        Call.objects.filter(period.within("offered_at"), answered_at__isnull=True)
        .select_related("platform")
        .order_by("-offered_at")[:limit]
    )
