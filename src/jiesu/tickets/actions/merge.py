"""Merge (并单, R20): repeated requests on one matter become one case.

The merged ticket points to its primary; its open assignments are withdrawn together with the
units' open extension and return requests on them; its caller sees the primary's answer and
status (see ``serializers.ticket_dict``). No chains: a primary is never itself merged, and a
ticket that others were merged into is not merged away.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed
from jiesu.core.text import clean_text
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import events, workflow
from jiesu.tickets.actions.withdraw import withdraw_open_assignments
from jiesu.tickets.choices import TicketStatus
from jiesu.tickets.models import Ticket
from jiesu.tickets.queries import locked_ticket, visible_tickets

# A primary must still be the live case of the matter.
PRIMARY_STATUSES = frozenset(
    {
        TicketStatus.ACCEPTED,
        TicketStatus.DISPATCHED,
        TicketStatus.REHANDLING,
        TicketStatus.REPLIED,
        TicketStatus.ANSWERED_ONLINE,
    }
)


def _lock_pair(number: str, into: str) -> tuple[Ticket, Ticket | None]:
    """Lock both tickets in one statement (in primary-key order), so that two merges crossing
    each other cannot deadlock."""
    rows = {
        t.number: t
        for t in Ticket.objects.select_for_update().filter(number__in=[number, into]).order_by("pk")
    }
    if number not in rows:
        raise permissions.ticket_not_found(number)
    return rows[number], rows.get(into)


def _invalid_target(into: str, why: str, reason: str) -> ValidationFailed:
    return ValidationFailed(
        "merge_target_invalid",
        _("不能并入工单%(into)s：%(why)s（R20）。") % {"into": into, "why": why},
        rule="R20",
        field="into",
        reason=reason,
    )


def _check_primary(primary: Ticket | None, into: str, actor: Actor) -> Ticket:
    if primary is None or not visible_tickets(actor).filter(pk=primary.pk).exists():
        raise _invalid_target(into, _("主单不存在或无权查看"), "not_found")
    if primary.status == TicketStatus.MERGED or primary.primary_id is not None:
        raise _invalid_target(into, _("主单本身已并入其他工单，不能形成并单链"), "merged")
    if primary.status not in PRIMARY_STATUSES:
        raise _invalid_target(
            into,
            _("主单状态为「%(status)s」") % {"status": primary.get_status_display()},
            str(primary.status),
        )
    return primary


def merge_ticket(number: str, *, into: str, actor: Actor, now: datetime | None = None) -> Ticket:
    permissions.require(actor, "merge")
    into = (into or "").strip()
    if not into:
        raise ValidationFailed("empty_field", _("请指定并入的主单编号。"), field="into")
    if into == number:
        raise ValidationFailed(
            "merge_into_self", _("不能将工单并入其自身（R20）。"), rule="R20", field="into"
        )
    now = now or timezone.now()
    with transaction.atomic():
        ticket, primary = _lock_pair(number, into)
        permissions.require(actor, "merge", ticket)
        primary = _check_primary(primary, into, actor)
        if Ticket.objects.filter(primary=ticket).exists():
            raise ValidationFailed(
                "merge_chain",
                _("已有其他工单并入%(number)s，不能再将其并入别的工单（R20）。")
                % {"number": number},
                rule="R20",
            )
        fields = workflow.move(ticket, "merge")
        withdrawn = withdraw_open_assignments(
            ticket, actor=actor, now=now, reason=_("并单"), data={"into": primary.number}
        )
        ticket.primary = primary
        ticket.save(update_fields=[*fields, "primary"])
        events.merged(
            ticket, actor=actor, at=now, into=primary.number, withdrawn_assignments=withdrawn
        )
        events.merged(primary, actor=actor, at=now, merged=ticket.number)
    return ticket


def unmerge_ticket(
    number: str, *, reason: str, actor: Actor, now: datetime | None = None
) -> Ticket:
    """Undo a merge: the ticket is accepted again and must be dispatched anew (its withdrawn
    assignments stay withdrawn)."""
    permissions.require(actor, "unmerge")
    if not (reason or "").strip():
        raise ValidationFailed("reason_required", _("取消并单须写明理由（R20）。"), field="reason")
    text = clean_text(reason, field="reason", label=_("取消并单理由"), max_length=2000)
    now = now or timezone.now()
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "unmerge", ticket)
        fields = workflow.move(ticket, "unmerge")
        primary = ticket.primary
        ticket.primary = None
        ticket.save(update_fields=[*fields, "primary"])
        events.unmerged(
            ticket, actor=actor, at=now, from_=primary.number if primary else None, reason=text
        )
        if primary is not None:
            events.unmerged(primary, actor=actor, at=now, unmerged=ticket.number, reason=text)
    return ticket
