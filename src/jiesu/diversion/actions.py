"""Diversion (R12): a D-class request goes out to another channel with a reason, and the
outside result, where one comes back, is recorded on the diversion."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from jiesu.core.errors import Conflict, ValidationFailed
from jiesu.core.text import clean_text
from jiesu.diversion.channels import channel_for
from jiesu.diversion.choices import DiversionChannel
from jiesu.diversion.models import Diversion
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import events, workflow
from jiesu.tickets.choices import DispatchClass, TicketStatus
from jiesu.tickets.models import Ticket
from jiesu.tickets.queries import locked_ticket


def _channel(code: str) -> str:
    if code not in DiversionChannel.values:
        raise ValidationFailed(
            "invalid_diversion_channel",
            gettext("未知的分流渠道：%(code)s（可选：%(choices)s）。")
            % {"code": code, "choices": "、".join(DiversionChannel.values)},
            field="channel",
        )
    return code


def _close(ticket: Ticket, *, action: str, actor: Actor, now: datetime, reason: str) -> None:
    fields = workflow.move(ticket, action)
    ticket.closed_at = now
    ticket.save(update_fields=[*fields, "closed_at"])
    events.closed(ticket, actor=actor, at=now, reason=reason)


def divert_ticket(
    number: str, *, channel: str, reason: str, actor: Actor, now: datetime | None = None
) -> Diversion:
    """Hand an accepted request over to ``channel``. It becomes class D; a channel that does
    not sync a result back ends the matter for 12345 (the ticket closes at once)."""
    permissions.require(actor, "divert")
    _channel(channel)
    if not (reason or "").strip():
        raise ValidationFailed(
            "reason_required", gettext("分流须写明理由（R12）。"), field="reason", rule="R12"
        )
    text = clean_text(reason, field="reason", label=gettext("分流理由"), max_length=2000)
    now = now or timezone.now()
    implementation = channel_for(channel)
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "divert", ticket)
        fields = workflow.move(ticket, "divert")
        previous_class = ticket.dispatch_class
        ticket.dispatch_class = DispatchClass.D
        ticket.answer = gettext("您的诉求不在12345热线受理范围，已分流至%(label)s办理。") % {
            "label": implementation.label
        }
        ticket.save(update_fields=[*fields, "dispatch_class", "answer"])
        diversion = Diversion.objects.create(
            ticket=ticket, channel=channel, reason=text, created_by_id=actor.user_id, created_at=now
        )
        diversion.external_ref = implementation.send(diversion)[:80]
        diversion.save(update_fields=["external_ref"])
        events.diverted(
            ticket,
            actor=actor,
            at=now,
            diversion=diversion.pk,
            channel=channel,
            channel_label=str(implementation.label),
            reason=text,
            external_ref=diversion.external_ref,
            syncs_result=implementation.syncs_result,
            from_class=previous_class,
        )
        if not implementation.syncs_result:
            _close(
                ticket,
                action="close",
                actor=actor,
                now=now,
                reason=gettext("已分流至%(label)s") % {"label": implementation.label},
            )
    return diversion


def record_external_result(
    number: str,
    *,
    channel: str,
    result: str,
    actor: Actor,
    now: datetime | None = None,
    remote_ref: str = "",
) -> Diversion:
    """The outside channel's result comes back (the "101" mechanism syncs it). It closes a
    diverted ticket; a later result on a closed one is recorded too (the last one shows).
    Platform staff report it, or the channel's own account (``JIESU_DIVERSION_ACCOUNTS``)."""
    _channel(channel)
    text, ref = _result_text(result, remote_ref)
    now = now or timezone.now()
    with transaction.atomic():
        ticket = locked_ticket(number)
        diversion = (
            Diversion.objects.select_for_update().filter(ticket=ticket).order_by("-id").first()
        )
        if diversion is None:
            permissions.require(actor, "sync_diversion", ticket)
            raise Conflict(
                "not_diverted",
                gettext("工单%(number)s未分流，不能回传外部渠道办理结果（R12）。")
                % {"number": number},
                rule="R12",
                state=ticket.status,
            )
        permissions.require_result_reporter(actor, diversion.channel, ticket)
        if diversion.channel != channel:
            raise ValidationFailed(
                "diversion_channel_mismatch",
                gettext("工单%(number)s分流至「%(channel_label)s」，不是%(channel)s（R12）。")
                % {
                    "number": number,
                    "channel_label": diversion.get_channel_display(),
                    "channel": channel,
                },
                field="channel",
                expected=diversion.channel,
            )
        _record(ticket, diversion, text=text, remote_ref=ref, actor=actor, now=now)
    return diversion


def report_result(
    diversion_id: int,
    *,
    result: str,
    actor: Actor,
    remote_ref: str = "",
    now: datetime | None = None,
) -> Diversion:
    """The receiving system reports its result on the hand-over it received (the ``diversion``
    and ``result_url`` of the webhook). Its account sees only its own channel's diversions."""
    text, ref = _result_text(result, remote_ref)
    now = now or timezone.now()
    hidden = permissions.diversion_not_found(diversion_id)
    with transaction.atomic():
        row = Diversion.objects.select_related("ticket").filter(pk=diversion_id).first()
        if row is not None:
            labels = dict(DiversionChannel.choices)
            permissions.require_own_channel(actor, row.channel, labels=labels)
        if row is None or not permissions.sees_diversion(actor, row.channel, row.ticket):
            raise hidden
        ticket = locked_ticket(row.ticket.number)
        diversion = Diversion.objects.select_for_update().get(pk=diversion_id)
        permissions.require_result_reporter(actor, diversion.channel, ticket, hidden=hidden)
        _record(ticket, diversion, text=text, remote_ref=ref, actor=actor, now=now)
    return diversion


def _result_text(result: str, remote_ref: str) -> tuple[str, str]:
    text = clean_text(result, field="result", label=gettext("外部办理结果"), max_length=20000)
    ref = (remote_ref or "").strip()
    if len(ref) > 80:
        raise ValidationFailed(
            "field_too_long", gettext("接收方编号不能超过80个字符。"), field="external_ref"
        )
    return text, ref


def _record(
    ticket: Ticket, diversion: Diversion, *, text: str, remote_ref: str, actor: Actor, now: datetime
) -> None:
    diversion.ticket = ticket
    was_open = ticket.status != TicketStatus.CLOSED
    workflow.target(ticket, "external_result")
    diversion.result, diversion.result_at = text, now
    fields = ["result", "result_at"]
    if remote_ref:
        diversion.remote_ref = remote_ref
        fields.append("remote_ref")
    diversion.save(update_fields=fields)
    ticket.answer = text
    ticket.save(update_fields=["answer"])
    events.external_result(
        ticket, actor=actor, at=now, diversion=diversion.pk, channel=diversion.channel, result=text
    )
    if was_open:
        _close(
            ticket,
            action="external_result",
            actor=actor,
            now=now,
            reason=gettext("外部渠道办理结果已回传"),
        )


def sync_result_in_process(
    diversion_id: int, *, result: str, actor: Actor, now: datetime
) -> Diversion:
    """A channel that runs inside Jiesu (the enterprise 兜底办 as the "101" mechanism) syncs its
    result back in the transaction of its own step: no account, no permission question."""
    text, _ = _result_text(result, "")
    diversion = Diversion.objects.select_related("ticket").get(pk=diversion_id)
    ticket = locked_ticket(diversion.ticket.number)
    diversion = Diversion.objects.select_for_update().get(pk=diversion_id)
    _record(ticket, diversion, text=text, remote_ref="", actor=actor, now=now)
    return diversion
