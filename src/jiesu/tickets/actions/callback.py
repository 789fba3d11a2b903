"""Callback (R17): satisfied closes; unsatisfied re-opens the main unit's work with a new clock;
unreached is counted and closes after the configured number of attempts."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jiesu.core.errors import Conflict, ValidationFailed
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import deadlines, events, hooks, workflow
from jiesu.tickets.choices import (
    AppealType,
    AssignmentRole,
    AssignmentStatus,
    CallbackResult,
    EventKind,
    TicketStatus,
)
from jiesu.tickets.models import Assignment, Callback, Ticket
from jiesu.tickets.queries import locked_ticket

_RESULT_ACTION = {
    CallbackResult.SATISFIED: "callback_satisfied",
    CallbackResult.BASICALLY_SATISFIED: "callback_satisfied",
    CallbackResult.UNSATISFIED: "callback_unsatisfied",
    CallbackResult.UNREACHED: "callback_unreached",
}


def main_assignment(ticket: Ticket) -> Assignment | None:
    """The current top-hop main assignment (not returned, not withdrawn)."""
    return (
        Assignment.objects.select_related("unit")
        .filter(ticket=ticket, role=AssignmentRole.MAIN, parent__isnull=True)
        .exclude(status__in=[AssignmentStatus.RETURNED, AssignmentStatus.WITHDRAWN])
        .order_by("-id")
        .first()
    )


def _close(ticket: Ticket, *, actor: Actor, now: datetime, action: str, reason: str) -> None:
    fields = workflow.move(ticket, action)
    ticket.closed_at = now
    ticket.save(update_fields=[*fields, "closed_at", "unreached_callbacks"])
    events.record(ticket=ticket, kind=EventKind.CLOSED, actor=actor, at=now, data={"reason": reason})


def callback_ticket(
    number: str, *, result: str, comment: str = "", escalate: bool = False, actor: Actor, now: datetime | None = None
) -> Callback:
    """``escalate`` (unsatisfied only): re-handle and escalate (R18) in the same transaction."""
    permissions.require(actor, "callback")
    if result not in _RESULT_ACTION:
        raise ValidationFailed("invalid_callback_result", f"未知的回访结果：{result}。", field="result")
    if escalate and result != CallbackResult.UNSATISFIED:
        raise ValidationFailed("escalate_requires_unsatisfied", "只有回访不满意的工单可以同时提级协调（R17）。", field="escalate")
    now = now or timezone.now()
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "callback", ticket)
        action = _RESULT_ACTION[result]
        workflow.target(ticket, action)  # refuse before writing anything
        main = main_assignment(ticket)
        callback = Callback.objects.create(
            ticket=ticket, main_unit=main.unit if main else None, result=result, comment=comment.strip(),
            by_id=actor.user_id, at=now,
        )
        events.record(
            ticket=ticket, kind=EventKind.CALLBACK, actor=actor, at=now,
            data={"result": result, "comment": callback.comment, "main_unit": main.unit.code if main else None},
        )
        if result == CallbackResult.UNSATISFIED:
            _rehandle(ticket, main, actor=actor, now=now)
            if escalate:
                hooks.escalate(ticket, reason=callback.comment or "回访不满意，提级协调", actor=actor, now=now)
        elif result == CallbackResult.UNREACHED:
            ticket.unreached_callbacks += 1
            if ticket.unreached_callbacks >= settings.JIESU_CALLBACK_MAX_UNREACHED:
                _close(ticket, actor=actor, now=now, action="close", reason="多次回访未联系上")
            else:
                ticket.save(update_fields=["unreached_callbacks"])
        else:
            _close(ticket, actor=actor, now=now, action=action, reason="回访满意")
    return callback


def _rehandle(ticket: Ticket, main: Assignment | None, *, actor: Actor, now: datetime) -> None:
    """Unsatisfied: the same main unit handles again, on a fresh answer clock."""
    fields = workflow.move(ticket, "callback_unsatisfied")
    ticket.save(update_fields=fields)
    if main is None:
        return
    main = Assignment.objects.select_for_update(of=("self",)).get(pk=main.pk)
    a_fields = workflow.move(main, "rehandle")
    clocks = deadlines.compute(
        dispatched_at=main.dispatched_at, clock_started_at=now, appeal_type=ticket.appeal_type,
        urgent=ticket.urgent, extension_days=main.extension_days,
    )
    main.clock_started_at, main.answer_deadline, main.answered_at = now, clocks.answer_deadline, None
    main.answer_warned_at = main.answer_overdue_at = None
    main.save(update_fields=[*a_fields, "clock_started_at", "answer_deadline", "answered_at", "answer_warned_at", "answer_overdue_at"])
    events.record(
        ticket=ticket, assignment=main, kind=EventKind.REHANDLING, actor=actor, at=now,
        data={"answer_deadline": clocks.answer_deadline.isoformat()},
    )


def _require_full_callback(ticket: Ticket) -> None:
    """Supervised items and real-name reports are called back in full (R17, R19): no close
    without a callback made after the latest answer. A diverted ticket is answered elsewhere."""
    real_name_report = ticket.appeal_type == AppealType.REPORT and not ticket.anonymous
    if ticket.status == TicketStatus.DIVERTED or not (ticket.supervised or real_name_report):
        return
    steps = [EventKind.TICKET_REPLIED, EventKind.ANSWERED_ONLINE, EventKind.CALLBACK]
    last = ticket.events.filter(kind__in=steps).order_by("-id").values_list("kind", flat=True).first()
    if last != EventKind.CALLBACK:
        raise Conflict(
            "callback_required",
            "督办件和实名举报件须全量回访，回访后方可办结（R17）。",
            rule="R17",
            supervised=ticket.supervised,
            real_name_report=real_name_report,
        )


def close_ticket(number: str, *, reason: str = "", actor: Actor, now: datetime | None = None) -> Ticket:
    """Close without (further) callback: an online answer not drawn for sampling, a diverted
    ticket whose outside result is in, or a replied ticket the platform closes."""
    permissions.require(actor, "close")
    now = now or timezone.now()
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "close", ticket)
        _require_full_callback(ticket)
        _close(ticket, actor=actor, now=now, action="close", reason=reason.strip() or "平台办结")
    return ticket
