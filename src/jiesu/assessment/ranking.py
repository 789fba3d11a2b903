"""Rankings (奖优罚劣, R22): units by each rate and by a combined score, and the examples a
monthly notice names — positive (fast, satisfied, key problems solved) and negative (overdue,
unsatisfied, returns refused, replies sent back)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.utils.translation import gettext as _

from jiesu.assessment import rates
from jiesu.assessment.choices import AssignmentFigure
from jiesu.assessment.rates import Assessment, Period, Row
from jiesu.handling.choices import ReturnStatus
from jiesu.handling.models import ReturnRequest
from jiesu.organisation.choices import UnitKind
from jiesu.tickets.choices import AssignmentRole, CallbackResult, DispatchClass, EventKind
from jiesu.tickets.models import Assignment, Callback, Event

RANKED_RATES = ("sign_rate", "completion_rate", "satisfaction_rate")


def score(row: Row) -> float | None:
    """The weighted mean of the rates the unit has, out of 100 (weights: JIESU_KPI_WEIGHTS)."""
    weights = settings.JIESU_KPI_WEIGHTS
    present = {name: rate for name in RANKED_RATES if (rate := row.rates[name]) is not None}
    total = sum(weights[name] for name in present)
    if not total:
        return None
    return 100 * sum(weights[name] * rate for name, rate in present.items()) / total


def score_formula() -> str:
    """The combined score's formula with the weights in force, for every page and document
    that shows a score."""
    weights = settings.JIESU_KPI_WEIGHTS
    terms = " + ".join(f"{rates.RATE_LABELS[name]} × {weights[name]:g}" for name in RANKED_RATES)
    return _(
        "综合得分 = （%(terms)s）÷ 权重之和 × 100（无应计数的指标不计入，权重按其余指标重新归一；"
        "12345平台按接通率考核，不参加排名）"
    ) % {"terms": terms}


@dataclass
class Ranked:
    rank: int
    row: Row
    score: float | None


def ranking(result: Assessment) -> list[Ranked]:
    """Handling units with anything due, best combined score first (ties: more due first, then
    the code); platforms are assessed by their connection rate, not ranked here."""
    rows = [
        row
        for row in result.units
        if row.kind != UnitKind.PLATFORM.label and score(row) is not None
    ]
    scored = sorted(
        ((score(row), row) for row in rows),
        key=lambda pair: (-(pair[0] or 0), -pair[1].counts["completion_due"], pair[1].code),
    )
    return [Ranked(i, row, s) for i, (s, row) in enumerate(scored, start=1)]


def by_rate(result: Assessment, name: str) -> list[Row]:
    """Units with ``name`` defined, best first."""
    rows = [row for row in result.units if row.rates[name] is not None]
    return sorted(rows, key=lambda row: (-(row.rates[name] or 0), row.code))


def rate_places(result: Assessment, name: str) -> dict[str, int]:
    """Each unit's place by ``name`` alone (equal rates share a place: 1, 1, 3), by code."""
    places: dict[str, int] = {}
    previous, place = None, 0
    for index, row in enumerate(by_rate(result, name), start=1):
        if row.rates[name] != previous:
            previous, place = row.rates[name], index
        places[row.code] = place
    return places


# --- examples ------------------------------------------------------------------------------


def overdue(period: Period, limit: int = 10) -> list[Assignment]:
    """Late completions (办结超期) of the period, the latest-answered or still open first."""
    condition = rates.assignment_figures(period.as_of)[AssignmentFigure.COMPLETION_LATE]
    return list(
        rates.assignment_population(period)
        .filter(condition)
        .select_related("ticket", "unit")
        .order_by("answer_deadline", "id")[:limit]
    )


def fast_and_satisfied(period: Period, limit: int = 5) -> list[Assignment]:
    """Main assignments answered on time and called back satisfied in the period, fastest
    first: the positive examples."""
    satisfied = Callback.objects.filter(
        period.within("at"), result=CallbackResult.SATISFIED
    ).values("ticket_id")
    took = ExpressionWrapper(F("answered_at") - F("dispatched_at"), output_field=DurationField())
    return list(
        Assignment.objects.filter(
            ticket_id__in=satisfied,
            role=AssignmentRole.MAIN,
            answered_at__isnull=False,
            answered_at__lte=F("answer_deadline"),
        )
        .exclude(status__in=rates.EXCLUDED_STATUSES)
        .annotate(took=took)
        .select_related("ticket", "unit")
        .order_by("took", "id")[:limit]
    )


def key_cases_solved(period: Period, limit: int = 5) -> list[Callback]:
    """Old or key problems solved: C-class, key-request or supervised tickets called back
    (basically) satisfied in the period."""
    return list(
        Callback.objects.filter(
            period.within("at"),
            result__in=[CallbackResult.SATISFIED, CallbackResult.BASICALLY_SATISFIED],
        )
        .filter(
            Q(ticket__dispatch_class=DispatchClass.C)
            | Q(ticket__key_request=True)
            | Q(ticket__supervised=True)
        )
        .select_related("ticket", "main_unit")
        .order_by("at", "id")[:limit]
    )


def unsatisfied(period: Period, limit: int = 10) -> list[Callback]:
    return list(
        rates.callbacks_in(period)
        .filter(result=CallbackResult.UNSATISFIED)
        .select_related("ticket", "main_unit")
        .order_by("at", "id")[:limit]
    )


def returns(period: Period) -> list[dict]:
    """Return requests decided in the period, per unit: accepted, refused (a negative example:
    a return the platform judged unfounded), and the reasons given."""
    rows = (
        ReturnRequest.objects.filter(period.within("decided_at"))
        .values("unit__code", "unit__name")
        .annotate(
            accepted=Count("id", filter=Q(status=ReturnStatus.ACCEPTED)),
            refused=Count("id", filter=Q(status=ReturnStatus.REFUSED)),
        )
        .order_by("-refused", "-accepted", "unit__code")
    )
    return list(rows)


def refused_returns(period: Period, limit: int = 10) -> list[ReturnRequest]:
    return list(
        ReturnRequest.objects.filter(period.within("decided_at"), status=ReturnStatus.REFUSED)
        .select_related("assignment__ticket", "unit")
        .order_by("decided_at", "id")[:limit]
    )


def sent_back(period: Period, limit: int = 10) -> list[Event]:
    """Replies sent back for redo (退回重办) in the period."""
    return list(
        Event.objects.filter(period.within("at"), kind=EventKind.REPLY_SENT_BACK)
        .select_related("ticket", "assignment__unit")
        .order_by("at", "id")[:limit]
    )
