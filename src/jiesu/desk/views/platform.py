"""The platform's steps on the ticket page (city or county dispatcher, operator): dispatch and
the county's 转派 by unit name, online answer, diversion, merge, classification, the decisions
on returns and extensions, and the callback."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from jiesu.diversion.actions import divert_ticket
from jiesu.handling import actions as handling
from jiesu.handling import queries as handling_queries
from jiesu.organisation.actor import actor_for
from jiesu.tickets import actions
from jiesu.tickets.actions.classify import classify_ticket
from jiesu.tickets.actions.merge import merge_ticket
from jiesu.tickets.actions.redispatch import redispatch_assignment
from jiesu.tickets.queries import get_assignment_for_user

from .. import ticket_forms as f
from ..ticket_page import dispatchable_units
from .steps import approved, step, ticket_step


def _units(request) -> list[tuple[str, str]]:
    """The units the person's platform may dispatch to (R1–R3), as on the page."""
    return dispatchable_units(actor_for(request.user))


dispatch = ticket_step("dispatch", f.DispatchForm, actions.dispatch_ticket, "已派单。", _units)


def _answer_online(number: str, *, content: str, actor):
    return actions.answer_online(number, content, actor=actor)


answer_online = ticket_step("answer_online", f.AnswerOnlineForm, _answer_online, "已在线直办答复。")
divert = ticket_step("divert", f.DivertForm, divert_ticket, "已分流。")
merge = ticket_step("merge", f.MergeForm, merge_ticket, "已并单。")
classify = ticket_step("classify", f.ClassifyForm, classify_ticket, "分类已调整。")
callback = ticket_step("callback", f.CallbackForm, actions.callback_ticket, "回访已记录。")


@login_required
@require_POST
def redispatch(request, number: str, assignment_id: int):
    key = f"a{assignment_id}-redispatch"
    return step(
        request,
        number,
        key,
        f.DispatchForm(request.POST, prefix=key, units=_units(request)),
        lambda actor: get_assignment_for_user(actor, assignment_id),
        lambda actor, d: redispatch_assignment(
            assignment_id,
            main_unit=d["main_unit"],
            assist_units=d["assist_units"],
            actor=actor,
        ),
        "已转派。",
    )


@login_required
@require_POST
def return_decide(request, number: str, request_id: int):
    key = f"r{request_id}-decide"
    accept = approved(request)
    return step(
        request,
        number,
        key,
        f.ReturnDecisionForm(request.POST, prefix=key, units=_units(request)),
        lambda actor: handling_queries.get_return_for_user(actor, request_id),
        lambda actor, d: handling.decide_return(
            request_id,
            accept=accept,
            reason=d["reason"],
            new_main_unit=d["new_main_unit"],
            actor=actor,
        ),
        "已同意退单并改派。" if accept else "已不同意退单，工单退回原单位办理。",
    )


@login_required
@require_POST
def extension_decide(request, number: str, request_id: int):
    key = f"e{request_id}-decide"
    approve = approved(request)
    return step(
        request,
        number,
        key,
        f.OpinionForm(request.POST, prefix=key),
        lambda actor: handling_queries.get_extension_for_user(actor, request_id),
        lambda actor, d: handling.decide_extension(
            request_id, approve=approve, reason=d["reason"], actor=actor
        ),
        "已批准延期。" if approve else "已不批准延期。",
    )
