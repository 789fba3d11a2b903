"""The 兜底办 desk: the centre's list of cases, registration, and a case's page with the steps
the centre may take now. Thin: parse, fetch through the permission-checked accessor, act."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiesu.core.errors import JiesuError
from jiesu.core.paging import MAX_PAGE
from jiesu.enterprise import actions, workflow
from jiesu.enterprise.choices import CaseStatus
from jiesu.enterprise.forms import (
    CompanyForm,
    CoordinateForm,
    DeclineForm,
    EscalateForm,
    FeedbackForm,
    RegisterForm,
)
from jiesu.enterprise.queries import case_page, case_steps, get_case_for_user
from jiesu.organisation import permissions
from jiesu.organisation.actor import actor_for
from jiesu.organisation.choices import UnitKind
from jiesu.organisation.models import Unit
from jiesu.tickets import workflow as ticket_workflow
from jiesu.tickets.actions.dispatch import dispatchable
from jiesu.tickets.choices import EventKind


def _units() -> list[tuple[str, str]]:
    kinds = (UnitKind.CITY_DEPARTMENT, UnitKind.ENTERPRISE)
    rows = Unit.objects.filter(active=True, kind__in=kinds).order_by("code")
    return list(rows.values_list("code", "name"))


@login_required
def case_list(request):
    actor = actor_for(request.user)
    status = request.GET.get("status") or None
    if status not in CaseStatus.values:
        status = None
    try:
        page = min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1
    rows, has_next = case_page(actor, status=status, page=page, page_size=30)
    return render(
        request,
        "enterprise/list.html",
        {
            "actor": actor,
            "cases": rows,
            "statuses": CaseStatus.choices,
            "status": status,
            "page": page,
            "has_next": has_next,
            "may_register": permissions.at_enterprise_centre(actor),
        },
    )


@login_required
def register(request):
    actor = actor_for(request.user)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = actions.CaseData(
            company=actions.Company(
                d["company_name"], d["credit_code"], d["contact_name"], d["contact_phone"]
            ),
            subject=d["subject"],
            content=d["content"],
            gap=d["gap"],
            address=d["address"],
        )
        try:
            case = actions.register_case(data, actor=actor)
        except JiesuError as exc:
            form.add_error(None, f"{exc.message}（{exc.code}）")
        else:
            messages.success(
                request, _("已登记，工单编号 %(number)s。") % {"number": case.ticket.number}
            )
            return redirect("enterprise:case", case_id=case.pk)
    return render(request, "enterprise/register.html", {"actor": actor, "form": form})


@login_required
def case_detail(request, case_id: int):
    actor = actor_for(request.user)
    try:
        case = get_case_for_user(actor, case_id)
    except JiesuError as exc:
        return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=exc.status)
    ticket = case.ticket
    centre = permissions.at_enterprise_centre(actor)
    accepted = case.status == CaseStatus.ACCEPTED
    offer = {
        "accept": centre and workflow.CASE.can(case, "accept"),
        "decline": centre and workflow.CASE.can(case, "decline"),
        "coordinate": centre
        and accepted
        and dispatchable(ticket)
        and ticket_workflow.can(ticket, "dispatch"),
        "escalate": centre and accepted and ticket_workflow.can(ticket, "escalate"),
        "feedback": centre and accepted and ticket.awaiting_callback,
    }
    company = CompanyForm(
        initial={
            "company_name": case.company_name,
            "credit_code": case.credit_code,
            "contact_name": case.contact_name,
            "contact_phone": case.contact_phone,
        }
    )
    return render(
        request,
        "enterprise/detail.html",
        {
            "actor": actor,
            "case": case,
            "ticket": ticket,
            "assignments": ticket.assignments.select_related("unit").order_by("id"),
            "steps": case_steps(case, set(ticket.events.values_list("kind", flat=True))),
            "escalations": ticket.events.filter(kind=EventKind.ESCALATED).order_by("at", "id"),
            "offer": offer,
            "company_form": company,
            "coordinate_form": CoordinateForm(units=_units()),
            "escalate_form": EscalateForm(),
            "decline_form": DeclineForm(),
            "feedback_form": FeedbackForm(),
        },
    )


def _act(request, case_id: int, form_class, run, done: str, **form_kwargs):
    actor = actor_for(request.user)
    form = form_class(request.POST, **form_kwargs)
    if not form.is_valid():
        errors = "；".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, errors)
        return redirect("enterprise:case", case_id=case_id)
    try:
        get_case_for_user(actor, case_id)
        run(actor, form.cleaned_data)
    except JiesuError as exc:
        messages.error(request, f"{exc.message}（{exc.code}）")
    else:
        messages.success(request, done)
    return redirect("enterprise:case", case_id=case_id)


@login_required
@require_POST
def do_accept(request, case_id: int):
    def run(actor, d):
        company = actions.Company(
            d["company_name"], d["credit_code"], d["contact_name"], d["contact_phone"]
        )
        actions.accept_case(case_id, company=company, actor=actor)

    return _act(request, case_id, CompanyForm, run, _("已综合受理。"))


@login_required
@require_POST
def do_coordinate(request, case_id: int):
    def run(actor, d):
        actions.coordinate_case(case_id, lead=d["lead"], helpers=d["helpers"], actor=actor)

    return _act(request, case_id, CoordinateForm, run, _("已交牵头部门办理。"), units=_units())


@login_required
@require_POST
def do_escalate(request, case_id: int):
    def run(actor, d):
        actions.escalate_case(case_id, reason=d["reason"], actor=actor)

    return _act(request, case_id, EscalateForm, run, _("已提级协调。"))


@login_required
@require_POST
def do_feedback(request, case_id: int):
    def run(actor, d):
        actions.feedback_case(case_id, result=d["result"], comment=d["comment"], actor=actor)

    return _act(request, case_id, FeedbackForm, run, _("已记录企业评价。"))


@login_required
@require_POST
def do_decline(request, case_id: int):
    def run(actor, d):
        actions.decline_case(case_id, reason=d["reason"], guidance=d["guidance"], actor=actor)

    return _act(request, case_id, DeclineForm, run, _("已不予受理，理由已作为答复反馈企业。"))
