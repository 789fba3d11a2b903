"""The supervision tasks' marks for the SLA sweep (``tickets.actions.sla``): a warning at the
configured lead time before the feedback deadline, an overdue mark after it, each once, while the
owner has not fed back (and, for a supervision, the desk has not closed it)."""

from __future__ import annotations

from django.db.models import Q

from jiesu.tickets.actions.sla import RowMark, register_marks
from jiesu.tickets.choices import EventKind


def register() -> None:
    from jiesu.supervision.models import Escalation, Instruction, Supervision

    waiting = Q(feedback_at__isnull=True)
    tasks = [
        (Escalation, "escalation", waiting, EventKind.ESCALATION_OVERDUE, EventKind.ESCALATION_WARNING),
        (
            Supervision,
            "supervision",
            waiting & Q(closed_at__isnull=True),
            EventKind.SUPERVISION_OVERDUE,
            EventKind.SUPERVISION_WARNING,
        ),
        (Instruction, "instruction", waiting, EventKind.INSTRUCTION_OVERDUE, EventKind.INSTRUCTION_WARNING),
    ]
    for model, key, open_, overdue, warning in tasks:
        register_marks(
            RowMark(model, overdue, "overdue_at", key, open_, warning=False),
            RowMark(model, warning, "warned_at", key, open_, warning=True),
        )
