"""The monthly report (月报): the month's intake by category and region against the month
before, the four rates and the unit ranking (the assessment's), the hotspot matters and the key
cases — frozen as data when made, written to Word, Excel and PDF from that data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from jiesu.assessment.ranking import ranking
from jiesu.assessment.rates import Period, compute, formulas, rate_labels
from jiesu.reports import figures, queries
from jiesu.reports.keycases import key_cases
from jiesu.reports.matters import report_matters

FORMAT = 1
TOP = 10
RANKED = 20


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def build(first: date, last: date, *, now: datetime) -> dict[str, Any]:
    start, end = figures.midnight(first), figures.midnight(last + timedelta(days=1))
    previous_first = (first - timedelta(days=1)).replace(day=1)
    rows = queries.ticket_counts(start, end, figures.midnight(previous_first))
    result = compute(Period(first, last, now))
    city = result.city
    assert city is not None
    ranked = ranking(result)
    return {
        "format": FORMAT,
        "kind": "monthly",
        "city": queries.city_name(),
        "period": {
            "start": first.isoformat(),
            "end": last.isoformat(),
            "as_of": timezone.localtime(now).isoformat(),
        },
        "previous_period": {
            "start": previous_first.isoformat(),
            "end": (first - timedelta(days=1)).isoformat(),
        },
        "totals": figures.totals(rows),
        "categories": figures.by_category(rows, queries.category_infos())[:TOP],
        "regions": figures.by_region(rows, queries.region_infos()),
        "rates": city.rates,
        "counts": {**city.counts, **city.derived},
        "rate_labels": rate_labels(),
        "formulas": list(formulas().values()),
        "ranking": [
            {
                "rank": item.rank,
                "name": item.row.name,
                "sign_rate": item.row.rates["sign_rate"],
                "completion_rate": item.row.rates["completion_rate"],
                "satisfaction_rate": item.row.rates["satisfaction_rate"],
                "completion_due": item.row.counts["completion_due"],
                "completion_late": item.row.derived["completion_late"],
                "score": round(item.score, 2) if item.score is not None else None,
            }
            for item in ranked[:RANKED]
        ],
        "units_ranked": len(ranked),
        "matters": report_matters(start, end),
        "key_cases": key_cases(start, end),
    }
