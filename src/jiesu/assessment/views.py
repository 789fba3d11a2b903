"""Desk pages of the assessment: the supervision dashboard (rates, ranking, drill-down links),
the list behind a figure, and the big screen. Thin: parse, read through ``queries``, render."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from jiesu.assessment import documents, notice, queries, ranking, rates, serializers
from jiesu.assessment.choices import AssignmentFigure, CallbackFigure
from jiesu.assessment.screen import screen_data
from jiesu.core.errors import JiesuError, NotFound
from jiesu.core.paging import MAX_PAGE
from jiesu.organisation.actor import actor_for

PAGE_SIZE = 50


def _period(request, now):
    start, end = request.GET.get("from"), request.GET.get("to")
    if start and end:
        return queries.period_from(start, end, request.GET.get("as_of") or None, now=now)
    return queries.month_of(timezone.localdate(now), now=now)


def _error(request, actor, exc: JiesuError):
    return render(
        request, "assessment/error.html", {"actor": actor, "error": exc}, status=exc.status
    )


@login_required
def dashboard(request):
    actor = actor_for(request.user)
    now = timezone.now()
    try:
        period = _period(request, now)
        result = queries.assessment_for_user(actor, period)
    except JiesuError as exc:
        return _error(request, actor, exc)
    ranked = ranking.ranking(result)
    # the ranked units first, best first, so the worst is found at the bottom of the ranking;
    # then those with nothing to rank (platforms, units with nothing due)
    places = {item.row.code: item for item in ranked}
    rows = [(item.row, item) for item in ranked] + [
        (row, None) for row in result.units if row.active and row.code not in places
    ]

    def percent(rate: float | None) -> float | None:  # a rate with nothing due: no bar, not 0
        return None if rate is None else round(rate * 100, 2)

    chart = {
        "names": [item.row.name for item in ranked[:15]],
        "completion": [percent(item.row.rates["completion_rate"]) for item in ranked[:15]],
        "satisfaction": [percent(item.row.rates["satisfaction_rate"]) for item in ranked[:15]],
    }
    query = f"from={period.start}&to={period.end}"
    return render(
        request,
        "assessment/dashboard.html",
        {
            "actor": actor,
            "period": period,
            "result": result,
            "rows": rows,
            "ranked": ranked[:20],
            "chart": json.dumps(chart, ensure_ascii=False),
            "query": query,
            "formulas": [*rates.formulas().values(), ranking.score_formula()],
        },
    )


@login_required
def drill(request):
    actor = actor_for(request.user)
    now = timezone.now()
    figure = request.GET.get("figure", "")
    unit = request.GET.get("unit") or None
    try:
        page = min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1
    try:
        period = _period(request, now)
        if figure in CallbackFigure.values:
            qs = queries.callback_drill(actor, period, figure, unit=unit)
            label = CallbackFigure(figure).label
            start = (page - 1) * PAGE_SIZE
            items = list(qs[start : start + PAGE_SIZE + 1])
        else:
            start = (page - 1) * PAGE_SIZE
            items = [
                serializers.assignment_item(a)
                for a in queries.assignment_drill_rows(
                    actor, period, figure, unit=unit, offset=start, stop=start + PAGE_SIZE + 1
                )
            ]
            label = AssignmentFigure(figure).label
    except JiesuError as exc:
        return _error(request, actor, exc)
    return render(
        request,
        "assessment/drill.html",
        {
            "actor": actor,
            "period": period,
            "label": label,
            "unit": unit,
            "unit_name": queries.get_unit_for_user(actor, unit).name if unit else "",
            "callbacks": figure in CallbackFigure.values,
            "items": items[:PAGE_SIZE],
            "page": page,
            "has_next": len(items) > PAGE_SIZE,
            "query": f"from={period.start}&to={period.end}&figure={figure}"
            + (f"&unit={unit}" if unit else ""),
        },
    )


@login_required
def screen(request):
    actor = actor_for(request.user)
    try:
        queries.require_whole_city(actor)
    except JiesuError as exc:
        return _error(request, actor, exc)
    return render(request, "assessment/screen.html", {"actor": actor})


@login_required
def screen_json(request):
    actor = actor_for(request.user)
    try:
        queries.require_whole_city(actor)
    except JiesuError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)
    return JsonResponse(screen_data(timezone.now()), json_dumps_params={"ensure_ascii": False})


@login_required
def notice_download(request, extension: str):
    """The monthly notice (通报) of the dashboard's period, through the desk's session."""
    actor = actor_for(request.user)
    export = documents.FORMATS.get(extension)
    try:
        queries.require_whole_city(actor)
        if export is None:
            raise NotFound("format_not_available", _("没有 %(ext)s 格式。") % {"ext": extension})
        doc = notice.build(rates.compute(_period(request, timezone.now())))
    except JiesuError as exc:
        return _error(request, actor, exc)
    response = HttpResponse(export.write(doc), content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{doc.filename}.{extension}"
    )
    return response
