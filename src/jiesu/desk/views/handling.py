"""The handling unit's steps on the ticket page (处办端): sign, reply, ask for an extension or a
return, upload the stamped statement, the leader's review of a return, and the review of a reply
at every level (the unit's reviewers, the platform above)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from jiesu.handling import actions as handling
from jiesu.handling import queries as handling_queries
from jiesu.tickets import actions
from jiesu.tickets.queries import get_assignment_for_user, get_reply_for_user

from .. import ticket_forms as f
from ..ticket_page import all_units
from .steps import approved, step


def _assignment(assignment_id: int):
    return lambda actor: get_assignment_for_user(actor, assignment_id)


def _return(request_id: int):
    return lambda actor: handling_queries.get_return_for_user(actor, request_id)


@login_required
@require_POST
def sign(request, number: str, assignment_id: int):
    return step(
        request,
        number,
        f"a{assignment_id}-sign",
        f.forms.Form(request.POST),
        _assignment(assignment_id),
        lambda actor, d: actions.sign_assignment(assignment_id, actor=actor),
        "已签收。",
    )


@login_required
@require_POST
def reply(request, number: str, assignment_id: int):
    key = f"a{assignment_id}-reply"
    return step(
        request,
        number,
        key,
        f.ContentForm(request.POST, prefix=key),
        _assignment(assignment_id),
        lambda actor, d: actions.submit_reply(assignment_id, d["content"], actor=actor),
        "答复已提交审核。",
    )


@login_required
@require_POST
def extension(request, number: str, assignment_id: int):
    key = f"a{assignment_id}-extension"
    return step(
        request,
        number,
        key,
        f.ExtensionForm(request.POST, prefix=key),
        _assignment(assignment_id),
        lambda actor, d: handling.request_extension(
            assignment_id, working_days=d["working_days"], reason=d["reason"], actor=actor
        ),
        "延期申请已提交，等待派单平台审核。",
    )


@login_required
@require_POST
def return_request(request, number: str, assignment_id: int):
    key = f"a{assignment_id}-return"
    return step(
        request,
        number,
        key,
        f.ReturnForm(request.POST, prefix=key, units=all_units()),
        _assignment(assignment_id),
        lambda actor, d: handling.request_return(
            assignment_id,
            findings=d["findings"],
            policy_basis=d["policy_basis"],
            suggested_unit=d["suggested_unit"],
            actor=actor,
        ),
        "退单申请已提交，等待本单位分管负责同志审核。",
    )


@login_required
@require_POST
def statement_upload(request, number: str, request_id: int):
    key = f"r{request_id}-statement"
    form = f.StatementForm(request.POST, request.FILES, prefix=key)
    return step(
        request,
        number,
        key,
        form,
        _return(request_id),
        lambda actor, d: handling.attach_statement(
            request_id, name=d["file"].name, stream=d["file"], size=d["file"].size, actor=actor
        ),
        "退单情况说明已上传。",
    )


@login_required
@require_POST
def return_leader(request, number: str, request_id: int):
    key = f"r{request_id}-leader"
    approve = approved(request)
    return step(
        request,
        number,
        key,
        f.OpinionForm(request.POST, prefix=key),
        _return(request_id),
        lambda actor, d: handling.leader_review_return(
            request_id, approve=approve, comment=d["reason"], actor=actor
        ),
        "已同意退单，报派单平台审核。" if approve else "已不同意退单，退回承办人继续办理。",
    )


@login_required
@require_POST
def review(request, number: str, reply_id: int):
    key = f"p{reply_id}-review"
    approve = approved(request)
    return step(
        request,
        number,
        key,
        f.ReviewForm(request.POST, prefix=key),
        lambda actor: get_reply_for_user(actor, reply_id),
        lambda actor, d: actions.review_reply(
            reply_id, approve=approve, comment=d["comment"], actor=actor
        ),
        "答复审核通过。" if approve else "答复已退回重办。",
    )
