"""The supervision desk's steps on the ticket page (督导端 and platform): 提级协调, 督办, leaders'
instructions, clue transfers, and the owner's feedback on each task."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_POST

from jiesu.supervision.actions import (
    escalate_ticket,
    give_feedback,
    open_supervision,
    record_instruction,
    transfer_clue,
)
from jiesu.supervision.models import Escalation, Instruction, Supervision
from jiesu.supervision.queries import get_task_for_user
from jiesu.tickets.queries import get_ticket_for_user

from .. import ticket_forms as f
from ..ticket_page import all_units
from .steps import step


@login_required
@require_POST
def escalate(request, number: str):
    return step(
        request,
        number,
        "escalate",
        f.EscalateForm(request.POST, prefix="escalate"),
        lambda actor: get_ticket_for_user(actor, number),
        lambda actor, d: escalate_ticket(number, reason=d["reason"], actor=actor),
        "已提级协调。",
    )


@login_required
@require_POST
def supervise(request, number: str):
    return step(
        request,
        number,
        "supervise",
        f.SuperviseForm(request.POST, prefix="supervise", units=all_units()),
        lambda actor: get_ticket_for_user(actor, number),
        lambda actor, d: open_supervision(
            number, reason=d["reason"], deadline=d["deadline"], unit=d["unit"] or None, actor=actor
        ),
        "已督办。",
    )


@login_required
@require_POST
def instruct(request, number: str):
    return step(
        request,
        number,
        "instruct",
        f.InstructionForm(request.POST, prefix="instruct", units=all_units()),
        lambda actor: get_ticket_for_user(actor, number),
        lambda actor, d: record_instruction(
            number, leader=d["leader"], content=d["content"], unit=d["unit"] or None, actor=actor
        ),
        "领导批示已登记。",
    )


@login_required
@require_POST
def clue(request, number: str):
    return step(
        request,
        number,
        "clue",
        f.ClueForm(request.POST, prefix="clue", units=all_units()),
        lambda actor: get_ticket_for_user(actor, number),
        lambda actor, d: transfer_clue(number, unit=d["unit"], content=d["content"], actor=actor),
        "问题线索已移交。",
    )


TASKS = {"escalation": Escalation, "supervision": Supervision, "instruction": Instruction}


@login_required
@require_POST
def feedback(request, number: str, kind: str, task_id: int):
    model = TASKS.get(kind)
    if model is None:
        raise Http404
    key = f"{kind}{task_id}-feedback"
    return step(
        request,
        number,
        key,
        f.FeedbackForm(request.POST, prefix=key),
        lambda actor: get_task_for_user(actor, model, task_id),
        lambda actor, d: give_feedback(model, task_id, feedback=d["feedback"], actor=actor),
        "反馈已提交。",
    )
