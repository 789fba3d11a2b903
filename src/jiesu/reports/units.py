"""Each unit's part of the weekly report (a unit sees its own section): the work it was given in
the week, how much of it was late as of the report's making, its callbacks, its most frequent
categories and its key cases. The figures are the assessment's (``assessment.rates``), for the
week, so a section and the unit's rates cannot disagree."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from jiesu.assessment.rates import Period, assignment_population, compute

TOP_CATEGORIES = 5


def unit_sections(
    first: date, last: date, *, now: datetime, key_cases: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    period = Period(first, last, now)
    result = compute(period)
    categories: dict[str, list[dict[str, Any]]] = {}
    rows = (
        assignment_population(period)
        .values("unit__code", "ticket__category__name")
        .annotate(n=Count("id"))
        .order_by("unit__code", "-n", "ticket__category__name")
    )
    for row in rows:
        listed = categories.setdefault(row["unit__code"], [])
        if len(listed) < TOP_CATEGORIES:
            listed.append({"name": row["ticket__category__name"] or _("未分类"), "count": row["n"]})
    sections = []
    for row in result.units:
        c, d = row.counts, row.derived
        if not (c["assignments"] or c["callbacks"] or c["closed_without_callback"]):
            continue
        sections.append(
            {
                "code": row.code,
                "name": row.name,
                "region": row.region,
                "assignments": c["assignments"],
                "sign_late": d["sign_late"],
                "completion_late": d["completion_late"],
                "completion_not_yet_due": d["completion_not_yet_due"],
                "callbacks": c["callbacks"],
                "satisfied": c["satisfied"] + c["basically_satisfied"],
                "unsatisfied": c["unsatisfied"],
                "closed_without_callback": c["closed_without_callback"],
                "sign_rate": row.rates["sign_rate"],
                "completion_rate": row.rates["completion_rate"],
                "satisfaction_rate": row.rates["satisfaction_rate"],
                "top_categories": categories.get(row.code, []),
                "key_cases": [k for k in key_cases if k.get("main_unit_code") == row.code],
            }
        )
    return sections
