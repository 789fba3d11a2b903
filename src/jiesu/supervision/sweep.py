"""The supervision tasks' marks for the SLA sweep (``tickets.actions.sla``): a warning at the
configured lead time before the feedback deadline, an overdue mark after it, each once, while the
owner has not fed back (and, for a supervision, the desk has not closed it)."""

from __future__ import annotations

from django.db.models import Q

from jiesu.tickets import events
from jiesu.tickets.actions.sla import RowMark, register_marks
from jiesu.tickets.choices import EventKind


def register() -> None:
    from jiesu.supervision.models import Escalation, Instruction, Supervision

    waiting = Q(feedback_at__isnull=True)
    tasks = [
        (
            Escalation,
            waiting,
            (EventKind.ESCALATION_OVERDUE, events.escalation_overdue_row),
            (EventKind.ESCALATION_WARNING, events.escalation_warning_row),
        ),
        (
            Supervision,
            waiting & Q(closed_at__isnull=True),
            (EventKind.SUPERVISION_OVERDUE, events.supervision_overdue_row),
            (EventKind.SUPERVISION_WARNING, events.supervision_warning_row),
        ),
        (
            Instruction,
            waiting,
            (EventKind.INSTRUCTION_OVERDUE, events.instruction_overdue_row),
            (EventKind.INSTRUCTION_WARNING, events.instruction_warning_row),
        ),
    ]
    for model, open_, (overdue, overdue_row), (warning, warning_row) in tasks:
        register_marks(
            RowMark(model, overdue, "overdue_at", overdue_row, open_, warning=False),
            RowMark(model, warning, "warned_at", warning_row, open_, warning=True),
        )
