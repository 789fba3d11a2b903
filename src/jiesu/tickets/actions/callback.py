"""Callback (R17): satisfied closes; unsatisfied re-opens the main unit's work with a new clock;
unreached is counted and closes after the configured number of attempts."""

from __future__ import annotations

import zlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import Conflict, ValidationFailed
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import deadlines, events, hooks, workflow
from jiesu.tickets.actions.withdraw import withdraw_open_assignments
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

_RESULT_ACTION: dict[str, str] = {
    CallbackResult.SATISFIED: "callback_satisfied",
    CallbackResult.BASICALLY_SATISFIED: "callback_satisfied",
    CallbackResult.UNSATISFIED: "callback_unsatisfied",
    CallbackResult.UNREACHED: "callback_unreached",
}
# A merged ticket is called back after it closed with its primary (R20).
_MERGED_RESULT_ACTION: dict[str, str] = {
    CallbackResult.SATISFIED: "merged_callback",
    CallbackResult.BASICALLY_SATISFIED: "merged_callback",
    CallbackResult.UNSATISFIED: "merged_callback_unsatisfied",
    CallbackResult.UNREACHED: "merged_callback",
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


def _close(
    ticket: Ticket, *, actor: Actor, now: datetime, action: str, reason: str, **data: Any
) -> None:
    """Close ``ticket`` (R17): every open assignment of it ends (assisting units' too), its
    overdue mark goes, and the tickets merged into it close with it (R20)."""
    fields = workflow.move(ticket, action)
    ticket.closed_at, ticket.overdue, ticket.awaiting_callback = now, False, False
    ticket.save(
        update_fields=[*fields, "closed_at", "unreached_callbacks", "overdue", "awaiting_callback"]
    )
    events.closed(ticket, actor=actor, at=now, reason=reason, **data)
    withdraw_open_assignments(ticket, actor=actor, now=now, reason=_("工单已办结"), data={})
    for merged in (
        Ticket.objects.select_for_update()
        .filter(primary=ticket, status=TicketStatus.MERGED)
        .order_by("pk")
    ):
        merged_fields = workflow.move(merged, "close_with_primary")
        merged.closed_at, merged.overdue, merged.answer = now, False, ticket.answer
        merged.awaiting_callback = True  # its caller is told the primary's answer (R20)
        merged.save(
            update_fields=[*merged_fields, "closed_at", "overdue", "answer", "awaiting_callback"]
        )
        events.closed(
            merged,
            actor=actor,
            at=now,
            reason=_("随主单%(number)s办结") % {"number": ticket.number},
            primary=ticket.number,
        )


def sampled_for_callback(ticket: Ticket) -> bool:
    """Whether an online answer is called back (R11: by sample; supervised items and real-name
    reports always, R17). The draw is a stable hash of the ticket number, so it can be re-done
    from the record; ``JIESU_ONLINE_CALLBACK_SHARE`` is the share drawn."""
    if ticket.supervised:
        return True
    draw = zlib.crc32(ticket.number.encode()) % 10_000
    return draw < round(settings.JIESU_ONLINE_CALLBACK_SHARE * 10_000)


def after_online_answer(ticket: Ticket, *, actor: Actor, now: datetime) -> None:
    """An online answer drawn for the callback waits for it; one not drawn is closed at once."""
    if sampled_for_callback(ticket):
        ticket.awaiting_callback = True
        ticket.save(update_fields=["awaiting_callback"])
    else:
        _close(
            ticket,
            actor=actor,
            now=now,
            action="close",
            reason=_("在线直办，未抽中回访"),
            sampled=False,
        )


def _action(ticket: Ticket, result: str) -> str:
    if ticket.primary_id is not None and ticket.status == TicketStatus.CLOSED:
        return _MERGED_RESULT_ACTION[result]
    return _RESULT_ACTION[result]


def callback_ticket(
    number: str,
    *,
    result: str,
    comment: str = "",
    escalate: bool = False,
    actor: Actor,
    now: datetime | None = None,
) -> Callback:
    """``escalate`` (unsatisfied only): re-handle and escalate (R18) in the same transaction."""
    permissions.require(actor, "callback")
    if result not in _RESULT_ACTION:
        raise ValidationFailed(
            "invalid_callback_result",
            _("未知的回访结果：%(result)s。") % {"result": result},
            field="result",
        )
    if escalate and result != CallbackResult.UNSATISFIED:
        raise ValidationFailed(
            "escalate_requires_unsatisfied",
            _("只有回访不满意的工单可以同时提级协调（R17）。"),
            field="escalate",
        )
    now = now or timezone.now()
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "callback", ticket)
        action = _action(ticket, result)
        workflow.target(ticket, action)  # refuse before writing anything
        if not ticket.awaiting_callback:
            raise Conflict(
                "callback_not_due",
                _("工单%(number)s没有待回访的答复（R17）。") % {"number": number},
                rule="R17",
            )
        if escalate and action != "callback_unsatisfied":
            raise Conflict(
                "state_conflict",
                _("该工单回访不满意后回到平台重新办理，不能同时提级协调（R17）。"),
                rule="R17",
            )
        main = main_assignment(
            ticket.primary if action.startswith("merged") and ticket.primary else ticket
        )
        callback = Callback.objects.create(
            ticket=ticket,
            main_unit=main.unit if main else None,
            result=result,
            comment=comment.strip(),
            by_id=actor.user_id,
            at=now,
        )
        events.callback(
            ticket,
            actor=actor,
            at=now,
            result=result,
            comment=callback.comment,
            main_unit=main.unit.code if main else None,
        )
        if result == CallbackResult.UNREACHED:
            ticket.unreached_callbacks += 1
            if ticket.unreached_callbacks < settings.JIESU_CALLBACK_MAX_UNREACHED:
                ticket.save(update_fields=["unreached_callbacks"])
            elif action == "merged_callback":
                ticket.awaiting_callback = False
                ticket.save(update_fields=["unreached_callbacks", "awaiting_callback"])
            else:
                _close(ticket, actor=actor, now=now, action="close", reason=_("多次回访未联系上"))
        elif action == "callback_unsatisfied" and ticket.status == TicketStatus.REPLIED:
            _rehandle(ticket, main, actor=actor, now=now)
            if escalate:
                hooks.escalate(
                    ticket,
                    reason=callback.comment or _("回访不满意，提级协调"),
                    actor=actor,
                    now=now,
                )
        elif result == CallbackResult.UNSATISFIED:
            _back_to_platform(ticket, action, actor=actor, now=now, comment=callback.comment)
        elif action == "merged_callback":
            ticket.awaiting_callback = False
            ticket.save(update_fields=["awaiting_callback"])
        else:
            _close(ticket, actor=actor, now=now, action=action, reason=_("回访满意"))
    return callback


def _back_to_platform(
    ticket: Ticket, action: str, *, actor: Actor, now: datetime, comment: str
) -> None:
    """Unsatisfied with an answer the ticket got without a unit of its own (an online answer, or
    its primary's): it is the platform's case again — answered anew or dispatched (R17)."""
    previous, primary = ticket.status, ticket.primary
    fields = workflow.move(ticket, action)
    ticket.primary, ticket.closed_at, ticket.awaiting_callback = None, None, False
    ticket.save(update_fields=[*fields, "primary", "closed_at", "awaiting_callback"])
    events.rehandling(
        ticket,
        actor=actor,
        at=now,
        from_status=previous,
        primary=primary.number if primary else None,
        reason=comment,
    )


def _rehandle(ticket: Ticket, main: Assignment | None, *, actor: Actor, now: datetime) -> None:
    """Unsatisfied: the same main unit handles again, on a fresh answer clock."""
    fields = workflow.move(ticket, "callback_unsatisfied")
    ticket.awaiting_callback = False
    ticket.save(update_fields=[*fields, "awaiting_callback"])
    if main is None:
        return
    main = Assignment.objects.select_for_update(of=("self",)).get(pk=main.pk)
    a_fields = workflow.move(main, "rehandle")
    clocks = deadlines.compute(
        dispatched_at=main.dispatched_at,
        clock_started_at=now,
        appeal_type=ticket.appeal_type,
        urgent=ticket.urgent,
        extension_days=main.extension_days,
        category=ticket.category,
        urgent_since=main.urgent_since,
    )
    main.clock_started_at, main.answer_deadline, main.answered_at = (
        now,
        clocks.answer_deadline,
        None,
    )
    main.answer_warned_at = main.answer_overdue_at = None
    main.save(
        update_fields=[
            *a_fields,
            "clock_started_at",
            "answer_deadline",
            "answered_at",
            "answer_warned_at",
            "answer_overdue_at",
        ]
    )
    events.rehandling(ticket, main, actor=actor, at=now, answer_deadline=clocks.answer_deadline)


def require_full_callback(ticket: Ticket) -> None:
    """Supervised items and real-name reports are called back in full (R17, R19): no close
    without a callback made after the latest answer. A diverted ticket is answered elsewhere."""
    real_name_report = ticket.appeal_type == AppealType.REPORT and not ticket.anonymous
    if ticket.status == TicketStatus.DIVERTED or not (ticket.supervised or real_name_report):
        return
    steps = [EventKind.TICKET_REPLIED, EventKind.ANSWERED_ONLINE, EventKind.CALLBACK]
    last = (
        ticket.events.filter(kind__in=steps).order_by("-id").values_list("kind", flat=True).first()
    )
    if last != EventKind.CALLBACK:
        raise Conflict(
            "callback_required",
            _("督办件和实名举报件须全量回访，回访后方可办结（R17）。"),
            rule="R17",
            supervised=ticket.supervised,
            real_name_report=real_name_report,
        )


def close_ticket(
    number: str, *, reason: str = "", actor: Actor, now: datetime | None = None
) -> Ticket:
    """Close without (further) callback: a diverted ticket whose outside result is in, or an
    answer the platform closes uncalled — which needs a recorded reason and counts as not called
    back in the rates (R17)."""
    permissions.require(actor, "close")
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "close", ticket)
        workflow.target(ticket, "close")
        require_full_callback(ticket)
        if ticket.awaiting_callback:
            if not reason:
                raise ValidationFailed(
                    "reason_required",
                    _("未经回访办结须写明理由，并计为未回访（R17）。"),
                    field="reason",
                    rule="R17",
                )
            _close(ticket, actor=actor, now=now, action="close", reason=reason, called_back=False)
        else:
            _close(ticket, actor=actor, now=now, action="close", reason=reason or _("平台办结"))
    return ticket
