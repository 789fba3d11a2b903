"""The four assessment rates (4项指标, DESIGN §6, R21), computed in the database.

Per unit and period [start, end] (Asia/Shanghai dates, inclusive), as of a moment ``as_of``:

- 接通率: calls answered / calls offered, calls offered in the period (imported call records);
- 签收率: assignments signed at or before their sign deadline / assignments that are due;
- 办结率: assignments whose reply was approved at or before their answer deadline (as extended,
  or as restarted by a re-handling) / assignments that are due;
- 满意率: (satisfied + basically satisfied) / callbacks reached, callbacks made in the period,
  counted for the ticket's main unit.

The population of the sign and completion rates is the unit's assignments dispatched in the
period, less those returned (accepted return: the re-dispatched assignment counts for its new
unit) and those withdrawn (merged away, or the ticket closed over them). An assignment whose
deadline is still ahead of ``as_of`` and that has not done the step by then is "not yet due" and
counts in neither numerator nor denominator. A step done at the deadline itself is on time.

One grouped query per source (assignments, callbacks, uncalled closings, calls) counts every
figure with conditional aggregates; counties and the city are sums of the unit rows. The same
``Q`` objects filter the drill-down lists, so a figure and its list cannot disagree
(decision 0023).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiesu.assessment.choices import AssignmentFigure, CallbackFigure
from jiesu.assessment.indexes import uncalled
from jiesu.assessment.models import Call, HistoricalAssignment
from jiesu.organisation.choices import RegionLevel, UnitKind
from jiesu.organisation.models import Region, Unit
from jiesu.tickets.choices import AssignmentRole, AssignmentStatus, CallbackResult
from jiesu.tickets.models import Assignment, Callback, Event

SH = ZoneInfo("Asia/Shanghai")
ANSWER_WITHIN_SECONDS = 15  # GB/T 33358: calls answered within 15 s

#: Assignments that count for neither the unit nor anyone else on this hop.
EXCLUDED_STATUSES = (AssignmentStatus.RETURNED, AssignmentStatus.WITHDRAWN)

FORMULAS = {
    "connection_rate": _("接通率 = 接听量 ÷ 呼入量（期内呼入的话务）"),
    "sign_rate": _(
        "签收率 = 按时签收数 ÷ 应计签收数（期内派单中，截至统计时点已签收或签收时限已过的；"
        "时限未到且未签收的不计）"
    ),
    "completion_rate": _(
        "办结率 = 按时办结数 ÷ 应计办结数（期内派单中，截至统计时点答复已审核通过或答复时限"
        "（含批准延期）已过的；时限未到且未办结的不计）"
    ),
    "satisfaction_rate": _(
        "满意率 = （满意 + 基本满意）÷ 回访联系上数（期内回访，计入主办单位；未联系上的不计；"
        "未经回访办结的计为未回访）"
    ),
}

RATE_LABELS = {
    "connection_rate": _("接通率"),
    "sign_rate": _("签收率"),
    "completion_rate": _("办结率"),
    "satisfaction_rate": _("满意率"),
}


def formulas() -> dict[str, str]:
    """The formulas in the language of the request, as plain strings for JSON and documents."""
    return {key: str(text) for key, text in FORMULAS.items()}


def rate_labels() -> dict[str, str]:
    return {key: str(label) for key, label in RATE_LABELS.items()}


COUNT_KEYS = (
    "calls_offered",
    "calls_answered",
    "calls_answered_in_15s",
    "assignments",
    "sign_due",
    "signed_on_time",
    "completion_due",
    "completed_on_time",
    "callbacks",
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
    "unreached",
    "closed_without_callback",
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    as_of: datetime

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, SH)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time.min, SH)

    def within(self, field_name: str) -> Q:
        """``field_name`` falls in the period and at or before ``as_of``."""
        return (
            Q(**{f"{field_name}__gte": self.start_at})
            & Q(**{f"{field_name}__lt": self.end_at})
            & Q(**{f"{field_name}__lte": self.as_of})
        )


# --- the figures, as filters ----------------------------------------------------------------


def assignment_figures(as_of: datetime) -> dict[str, Q]:
    """Each assignment figure as a filter on the population, as of ``as_of``."""
    signed = Q(signed_at__lte=as_of)
    signed_on_time = signed & Q(signed_at__lte=F("sign_deadline"))
    sign_due = signed | Q(sign_deadline__lte=as_of)
    answered = Q(answered_at__lte=as_of)
    completed_on_time = answered & Q(answered_at__lte=F("answer_deadline"))
    completion_due = answered | Q(answer_deadline__lte=as_of)
    return {
        AssignmentFigure.POPULATION: Q(),
        AssignmentFigure.SIGN_DUE: sign_due,
        AssignmentFigure.SIGNED_ON_TIME: signed_on_time,
        AssignmentFigure.SIGN_LATE: sign_due & ~signed_on_time,
        AssignmentFigure.SIGN_NOT_YET_DUE: ~sign_due,
        AssignmentFigure.COMPLETION_DUE: completion_due,
        AssignmentFigure.COMPLETED_ON_TIME: completed_on_time,
        AssignmentFigure.COMPLETION_LATE: completion_due & ~completed_on_time,
        AssignmentFigure.COMPLETION_NOT_YET_DUE: ~completion_due,
    }


def callback_figures(field_name: str = "result") -> dict[str, Q]:
    """Each callback figure as a filter on the callbacks' ``field_name`` (a live callback's
    ``result``, an imported assignment's ``callback_result``)."""

    def result(*values: str) -> Q:
        return Q(**{f"{field_name}__in": values})

    return {
        CallbackFigure.CALLBACKS: Q(),
        CallbackFigure.REACHED: result(
            CallbackResult.SATISFIED, CallbackResult.BASICALLY_SATISFIED, CallbackResult.UNSATISFIED
        ),
        CallbackFigure.SATISFIED: result(CallbackResult.SATISFIED),
        CallbackFigure.BASICALLY_SATISFIED: result(CallbackResult.BASICALLY_SATISFIED),
        CallbackFigure.UNSATISFIED: result(CallbackResult.UNSATISFIED),
        CallbackFigure.UNREACHED: result(CallbackResult.UNREACHED),
    }


CALLBACK_FIGURES = callback_figures()


def assignment_population(period: Period) -> QuerySet[Assignment]:
    """The assignments dispatched in the period, as of ``as_of``, that count for a unit."""
    return Assignment.objects.filter(period.within("dispatched_at")).exclude(
        status__in=EXCLUDED_STATUSES
    )


def history_population(period: Period) -> QuerySet[HistoricalAssignment]:
    """Imported assignments dispatched in the period (history keeps no returned ones)."""
    return HistoricalAssignment.objects.filter(period.within("dispatched_at"))


def callbacks_in(period: Period) -> QuerySet[Callback]:
    return Callback.objects.filter(period.within("at"))


def history_callbacks_in(period: Period) -> QuerySet[HistoricalAssignment]:
    """Imported callbacks made in the period, on the main unit's assignment."""
    return HistoricalAssignment.objects.filter(
        period.within("callback_at"), role=AssignmentRole.MAIN
    ).exclude(callback_result="")


def _main_unit_of_ticket() -> Subquery:
    return Subquery(
        Assignment.objects.filter(
            ticket=OuterRef("ticket_id"), role=AssignmentRole.MAIN, parent__isnull=True
        )
        .exclude(status__in=EXCLUDED_STATUSES)
        .order_by("-id")
        .values("unit_id")[:1]
    )


def uncalled_closings(period: Period) -> QuerySet[Event]:
    """Tickets the platform closed in the period without the callback they awaited (R17): they
    count as not called back, for the ticket's main unit."""
    return Event.objects.filter(period.within("at"), uncalled()).annotate(
        main_unit_id=_main_unit_of_ticket()
    )


# --- counting -------------------------------------------------------------------------------


def _merged(*sources: dict[int | None, dict[str, int]]) -> dict[int | None, dict[str, int]]:
    merged: dict[int | None, dict[str, int]] = {}
    for source in sources:
        for key, counts in source.items():
            into = merged.setdefault(key, dict.fromkeys(counts, 0))
            for name, value in counts.items():
                into[name] += value
    return merged


def _grouped(qs: QuerySet, group: str, aggregates: dict) -> dict[int | None, dict[str, int]]:
    rows = qs.values(group).annotate(**aggregates).order_by()
    return {row.pop(group): row for row in rows}


# Rows are counted by the period's own time column (never null), not by id: every column the
# counts read is then in the source's covering index (tickets migration 0013, assessment 0001,
# the partial index of decision 0040), so PostgreSQL can answer from the index alone (an
# index-only scan) instead of visiting ~41 k heap rows a month; the id is in none of those
# indexes. (Django allows no COUNT(*) with a filter; SQLite's indexes carry the rowid anyway.)


def _assignment_counts(period: Period) -> dict[int | None, dict[str, int]]:
    figures = assignment_figures(period.as_of)
    aggregates = {
        "assignments": Count("dispatched_at"),
        "sign_due": Count("dispatched_at", filter=figures[AssignmentFigure.SIGN_DUE]),
        "signed_on_time": Count("dispatched_at", filter=figures[AssignmentFigure.SIGNED_ON_TIME]),
        "completion_due": Count("dispatched_at", filter=figures[AssignmentFigure.COMPLETION_DUE]),
        "completed_on_time": Count(
            "dispatched_at", filter=figures[AssignmentFigure.COMPLETED_ON_TIME]
        ),
    }
    return _merged(
        _grouped(assignment_population(period), "unit_id", aggregates),
        _grouped(history_population(period), "unit_id", aggregates),
    )


def _callback_aggregates(figures: dict[str, Q], field: str) -> dict:
    return {
        "callbacks": Count(field),
        **{
            key: Count(field, filter=figures[key])
            for key in ("satisfied", "basically_satisfied", "unsatisfied", "unreached")
        },
    }


def _callback_counts(period: Period) -> dict[int | None, dict[str, int]]:
    return _merged(
        _grouped(
            callbacks_in(period), "main_unit_id", _callback_aggregates(CALLBACK_FIGURES, "at")
        ),
        _grouped(
            history_callbacks_in(period),
            "unit_id",
            _callback_aggregates(callback_figures("callback_result"), "callback_at"),
        ),
    )


def _uncalled_counts(period: Period) -> dict[int | None, dict[str, int]]:
    rows = (
        uncalled_closings(period)
        .values("main_unit_id")
        .annotate(closed_without_callback=Count("at"))
        .order_by()
    )
    return {row.pop("main_unit_id"): row for row in rows}


def _call_counts(period: Period) -> dict[int | None, dict[str, int]]:
    answered = Q(answered_at__isnull=False)
    rows = (
        Call.objects.filter(period.within("offered_at"))
        .values("platform_id")
        .annotate(
            calls_offered=Count("offered_at"),
            calls_answered=Count("offered_at", filter=answered),
            calls_answered_in_15s=Count(
                "offered_at", filter=answered & Q(wait_seconds__lte=ANSWER_WITHIN_SECONDS)
            ),
        )
        .order_by()
    )
    return {row.pop("platform_id"): row for row in rows}


# --- rows -----------------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass
class Row:
    """One line of the assessment: a unit, a county or the city, with its counts."""

    scope: str  # "unit" | "county" | "city"
    code: str
    name: str
    kind: str = ""
    region: str = ""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))

    def add(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self.counts[key] += value

    @property
    def derived(self) -> dict[str, int]:
        c = self.counts
        return {
            "calls_abandoned": c["calls_offered"] - c["calls_answered"],
            "sign_late": c["sign_due"] - c["signed_on_time"],
            "sign_not_yet_due": c["assignments"] - c["sign_due"],
            "completion_late": c["completion_due"] - c["completed_on_time"],
            "completion_not_yet_due": c["assignments"] - c["completion_due"],
            "reached": c["callbacks"] - c["unreached"],
        }

    @property
    def rates(self) -> dict[str, float | None]:
        c = self.counts
        return {
            "connection_rate": _ratio(c["calls_answered"], c["calls_offered"]),
            "sign_rate": _ratio(c["signed_on_time"], c["sign_due"]),
            "completion_rate": _ratio(c["completed_on_time"], c["completion_due"]),
            "satisfaction_rate": _ratio(
                c["satisfied"] + c["basically_satisfied"], c["callbacks"] - c["unreached"]
            ),
        }

    @property
    def answer_in_15s_rate(self) -> float | None:
        return _ratio(self.counts["calls_answered_in_15s"], self.counts["calls_answered"])

    @property
    def active(self) -> bool:
        return any(self.counts.values())


@dataclass
class Assessment:
    period: Period
    city: Row | None
    counties: list[Row]
    units: list[Row]

    def unit(self, code: str) -> Row | None:
        return next((row for row in self.units if row.code == code), None)


def assessed_units() -> QuerySet[Unit]:
    """Every unit that can hold assignments or take calls: villages never handle (R2)."""
    return (
        Unit.objects.filter(active=True)
        .exclude(kind=UnitKind.VILLAGE)
        .select_related("region")
        .order_by("region__code", "kind", "code")
    )


def compute(period: Period) -> Assessment:
    """The four rates for every assessed unit, every county and the city, as of
    ``period.as_of``: four grouped queries plus the unit and region lists."""
    sources = [
        _assignment_counts(period),
        _callback_counts(period),
        _uncalled_counts(period),
        _call_counts(period),
    ]
    city_region = Region.objects.filter(level=RegionLevel.CITY).order_by("code").first()
    city = Row(
        "city",
        city_region.code if city_region else "",
        city_region.name if city_region else gettext("全市"),
    )
    counties = {
        region.pk: Row("county", region.code, region.name)
        for region in Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")
    }
    rows = []
    for unit in assessed_units():
        row = Row(
            "unit", unit.code, unit.name, kind=unit.get_kind_display(), region=unit.region.name
        )
        for source in sources:
            row.add(source.get(unit.pk, {}))
        rows.append(row)
        if unit.region_id in counties:
            counties[unit.region_id].add(row.counts)
    for source in sources:  # the city counts everything, a unit's row or not
        for counts in source.values():
            city.add(counts)
    return Assessment(period, city, list(counties.values()), rows)
