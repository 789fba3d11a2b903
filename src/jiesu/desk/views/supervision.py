"""The supervision desk's steps on the ticket page (督导端 and platform): 提级协调 and 督办."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from jiesu.supervision.actions import escalate_ticket, open_supervision
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
