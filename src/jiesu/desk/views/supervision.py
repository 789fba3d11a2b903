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

from .. import ticket_forms as f
from ..ticket_page import all_units
from .steps import step, ticket_step


def _all_units(request) -> list[tuple[str, str]]:
    return all_units()


escalate = ticket_step("escalate", f.EscalateForm, escalate_ticket, "已提级协调。")
supervise = ticket_step("supervise", f.SuperviseForm, open_supervision, "已督办。", _all_units)
instruct = ticket_step(
    "instruct", f.InstructionForm, record_instruction, "领导批示已登记。", _all_units
)
clue = ticket_step("clue", f.ClueForm, transfer_clue, "问题线索已移交。", _all_units)

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
