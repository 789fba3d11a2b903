"""Desk pages of the report archive: the list with downloads, one report (or a unit's own part
of a weekly report), the downloads through the session, and the forms that make a monthly or a
special report. Thin: parse, read through ``queries``, call ``actions``, render."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiesu.core.errors import JiesuError
from jiesu.organisation.actor import actor_for
from jiesu.organisation.permissions import generates_reports
from jiesu.reports import actions, documents, queries, special
from jiesu.reports.choices import ReportKind
from jiesu.reports.forms import MonthlyForm, SpecialForm
from jiesu.reports.official import official_doc
from jiesu.reports.presentation import summary, tables, unit_table

PAGE_SIZE = 50


def _error(request, actor, exc: JiesuError):
    return render(request, "reports/error.html", {"actor": actor, "error": exc}, status=exc.status)


def _page(request) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


@login_required
def archive(request):
    actor = actor_for(request.user)
    kind = request.GET.get("kind") or None
    if kind not in ReportKind.values:
        kind = None
    page = _page(request)
    try:
        rows, has_next = queries.archive_page(actor, kind=kind, page=page, page_size=PAGE_SIZE)
    except JiesuError as exc:
        return _error(request, actor, exc)
    whole = queries.reads_whole_city(actor)
    items = [
        {
            "report": r,
            "formats": documents.formats(r)
            if whole or queries.reads_whole_weekly(actor, r)
            else [],
        }
        for r in rows
    ]
    return render(
        request,
        "reports/archive.html",
        {
            "actor": actor,
            "items": items,
            "kinds": ReportKind.choices,
            "kind": kind,
            "page": page,
            "has_next": has_next,
            "may_generate": generates_reports(actor),
        },
    )


def _weekly_context(report, unit_code: str | None, wanted: str | None) -> dict:
    data = report.hotspot.data
    sections = data.get("units", [])
    code = unit_code or wanted
    mine = [s for s in sections if s["code"] == code] if code else []
    context = {"unit_section": mine[0] if mine else None, "own_part_only": unit_code is not None}
    if unit_code is None:
        context |= {"summary": summary(data), "tables": [t for t in tables(data) if t.in_document]}
    else:
        context["tables"] = [unit_table(mine, _("本单位情况"))] if mine else []
    return context


def _doc_context(report) -> dict:
    doc = official_doc(report)
    charts = [
        {
            "id": f"chart-{i}-{j}",
            "spec": json.dumps(
                {"title": c.title, "labels": c.labels, "values": c.values, "percent": c.percent},
                ensure_ascii=False,
            ),
        }
        for i, s in enumerate(doc.sections)
        for j, c in enumerate(s.charts)
    ]
    return {"doc": doc, "charts": charts}


@login_required
def detail(request, report_id: int):
    actor = actor_for(request.user)
    try:
        report, unit_code = queries.get_archived_for_user(actor, report_id)
    except JiesuError as exc:
        return _error(request, actor, exc)
    context = {
        "actor": actor,
        "report": report,
        "formats": [] if unit_code else documents.formats(report),
    }
    if report.kind == ReportKind.WEEKLY:
        context |= _weekly_context(report, unit_code, request.GET.get("unit"))
    else:
        context |= _doc_context(report)
    return render(request, "reports/detail.html", context)


@login_required
def download(request, report_id: int, extension: str):
    actor = actor_for(request.user)
    try:
        report, unit_code = queries.get_archived_for_user(actor, report_id)
        if unit_code is not None:
            raise queries.whole_report_only()
        file = documents.render(report, extension)
    except JiesuError as exc:
        return _error(request, actor, exc)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    return response


def _forms(request, actor, monthly=None, special_form=None, status=200):
    return render(
        request,
        "reports/new.html",
        {
            "actor": actor,
            "monthly": monthly or MonthlyForm(),
            "special": special_form or SpecialForm(),
        },
        status=status,
    )


@login_required
def new(request):
    actor = actor_for(request.user)
    if not generates_reports(actor):
        return _error(request, actor, queries.not_a_generator())
    return _forms(request, actor)


@require_POST
@login_required
def new_monthly(request):
    actor = actor_for(request.user)
    form = MonthlyForm(request.POST)
    if not form.is_valid():
        return _forms(request, actor, monthly=form, status=422)
    now = timezone.now()
    try:
        month = actions.parse_month(form.cleaned_data["month"], now=now)
        report, _created = actions.generate_monthly(
            month, now=now, actor=actor, regenerate=form.cleaned_data["regenerate"]
        )
    except JiesuError as exc:
        form.add_error(None, exc.message)
        return _forms(request, actor, monthly=form, status=exc.status)
    return redirect("reports:detail", report.pk)


@require_POST
@login_required
def new_special(request):
    actor = actor_for(request.user)
    form = SpecialForm(request.POST)
    if not form.is_valid():
        return _forms(request, actor, special_form=form, status=422)
    d = form.cleaned_data
    criteria = special.Criteria(
        topic=d["topic"],
        first=d["start"],
        last=d["end"],
        category=d["category"].strip(),
        region=d["region"].strip(),
        keywords=form.keyword_list(),
    )
    try:
        report = actions.generate_special(criteria, now=timezone.now(), actor=actor)
    except JiesuError as exc:
        form.add_error(None, exc.message)
        return _forms(request, actor, special_form=form, status=exc.status)
    return redirect("reports:detail", report.pk)
