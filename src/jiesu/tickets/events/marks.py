"""The SLA sweep's marks, built unsaved for its ``bulk_create`` (``tickets.actions.sla``): on an
assignment ``{"deadline": …}``, on a supervision task ``{<task>: id, "deadline": …}``, the
deadline in Asia/Shanghai. Each builder takes ``(ticket_id, row_id, *, at, deadline)``."""

from __future__ import annotations

from datetime import datetime

from jiesu.organisation.actor import SYSTEM
from jiesu.tickets.choices import EventKind
from jiesu.tickets.events._base import _build, local_iso, writes
from jiesu.tickets.models import Event


def _on_assignment(
    kind: str, ticket_id: int, assignment_id: int, at: datetime, deadline: datetime
) -> Event:
    return _build(
        ticket_id,
        kind,
        actor=SYSTEM,
        at=at,
        assignment_id=assignment_id,
        data={"deadline": local_iso(deadline)},
    )


def _on_task(
    kind: str, key: str, ticket_id: int, task_id: int, at: datetime, deadline: datetime
) -> Event:
    return _build(
        ticket_id, kind, actor=SYSTEM, at=at, data={key: task_id, "deadline": local_iso(deadline)}
    )


@writes(EventKind.SIGN_WARNING)
def sign_warning_row(
    ticket_id: int, assignment_id: int, *, at: datetime, deadline: datetime
) -> Event:
    return _on_assignment(EventKind.SIGN_WARNING, ticket_id, assignment_id, at, deadline)


@writes(EventKind.SIGN_OVERDUE)
def sign_overdue_row(
    ticket_id: int, assignment_id: int, *, at: datetime, deadline: datetime
) -> Event:
    return _on_assignment(EventKind.SIGN_OVERDUE, ticket_id, assignment_id, at, deadline)


@writes(EventKind.ANSWER_WARNING)
def answer_warning_row(
    ticket_id: int, assignment_id: int, *, at: datetime, deadline: datetime
) -> Event:
    return _on_assignment(EventKind.ANSWER_WARNING, ticket_id, assignment_id, at, deadline)


@writes(EventKind.ANSWER_OVERDUE)
def answer_overdue_row(
    ticket_id: int, assignment_id: int, *, at: datetime, deadline: datetime
) -> Event:
    return _on_assignment(EventKind.ANSWER_OVERDUE, ticket_id, assignment_id, at, deadline)


@writes(EventKind.ESCALATION_WARNING)
def escalation_warning_row(
    ticket_id: int, escalation: int, *, at: datetime, deadline: datetime
) -> Event:
    return _on_task(EventKind.ESCALATION_WARNING, "escalation", ticket_id, escalation, at, deadline)


@writes(EventKind.ESCALATION_OVERDUE)
def escalation_overdue_row(
    ticket_id: int, escalation: int, *, at: datetime, deadline: datetime
) -> Event:
    return _on_task(EventKind.ESCALATION_OVERDUE, "escalation", ticket_id, escalation, at, deadline)


@writes(EventKind.SUPERVISION_WARNING)
def supervision_warning_row(
    ticket_id: int, supervision: int, *, at: datetime, deadline: datetime
) -> Event:
    return _on_task(
        EventKind.SUPERVISION_WARNING, "supervision", ticket_id, supervision, at, deadline
    )


@writes(EventKind.SUPERVISION_OVERDUE)
def supervision_overdue_row(
    ticket_id: int, supervision: int, *, at: datetime, deadline: datetime
) -> Event:
    return _on_task(
        EventKind.SUPERVISION_OVERDUE, "supervision", ticket_id, supervision, at, deadline
    )


@writes(EventKind.INSTRUCTION_WARNING)
def instruction_warning_row(
    ticket_id: int, instruction: int, *, at: datetime, deadline: datetime
) -> Event:
    return _on_task(
        EventKind.INSTRUCTION_WARNING, "instruction", ticket_id, instruction, at, deadline
    )


@writes(EventKind.INSTRUCTION_OVERDUE)
def instruction_overdue_row(
    ticket_id: int, instruction: int, *, at: datetime, deadline: datetime
) -> Event:
    return _on_task(
        EventKind.INSTRUCTION_OVERDUE, "instruction", ticket_id, instruction, at, deadline
    )
