"""Tickets from other systems (R10): the 110 hand-over of non-police help, the provincial
platform's transfers, city apps. Each arrives with the sender's own id and is taken in through
the intake action exactly once per (source, external id): a resend returns the same ticket."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import Forbidden, ValidationFailed
from jiesu.integrations.auth import Principal
from jiesu.integrations.choices import Source
from jiesu.integrations.models import InboundTicket
from jiesu.tickets.actions import IntakeData, intake_ticket
from jiesu.tickets.models import Ticket


def _check(data: IntakeData, external_id: str, principal: Principal) -> str:
    external_id = (external_id or "").strip()
    if not external_id:
        raise ValidationFailed(
            "invalid_external_id", _("缺少外部编号 external_id。"), field="external_id"
        )
    if data.channel not in Source.values:
        raise ValidationFailed(
            "invalid_source",
            _("来件渠道须为 %(join)s 之一，实际为 %(channel)s。")
            % {"join": "、".join(Source.values), "channel": data.channel},
            field="channel",
        )
    if principal.key is not None and principal.key.source != data.channel:
        raise Forbidden(
            "wrong_source",
            _("该接入密钥属于“%(get_source_display)s”，不能以 %(channel)s 渠道来件。")
            % {"get_source_display": principal.key.get_source_display(), "channel": data.channel},
        )
    return external_id


def receive(
    data: IntakeData, *, external_id: str, principal: Principal, now: datetime | None = None
) -> tuple[Ticket, bool]:
    """The ticket for ``external_id`` from ``data.channel``, and whether it was created now.
    Two senders racing with the same id get one ticket: the loser's insert fails on the unique
    (source, external id) and it reads the winner's."""
    external_id = _check(data, external_id, principal)
    now = now or timezone.now()
    known = _known(data.channel, external_id)
    if known is not None:
        return known, False
    try:
        with transaction.atomic():
            ticket = intake_ticket(data, actor=principal.actor, now=now)
            InboundTicket.objects.create(
                source=data.channel,
                external_id=external_id,
                ticket=ticket,
                key=principal.key,
                at=now,
            )
    except IntegrityError:
        known = _known(data.channel, external_id)
        if known is None:
            raise
        return known, False
    return ticket, True


def _known(source: str, external_id: str) -> Ticket | None:
    row = (
        InboundTicket.objects.select_related("ticket")
        .filter(source=source, external_id=external_id)
        .first()
    )
    return row.ticket if row else None
