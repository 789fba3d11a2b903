"""Inbound tickets from other systems under /api/v1/inbound/: authenticated by an integration
key (or a user's token) through ``integrations.auth``, audited, rate-limited."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from jiesu.core.errors import NotFound
from jiesu.integrations import inbound
from jiesu.integrations.auth import key_for_request
from jiesu.integrations.choices import Scope
from jiesu.integrations.models import InboundTicket
from jiesu.tickets.queries import visible_tickets
from jiesu.tickets.schemas import TicketIn

router = Router(tags=["inbound"], auth=None)


class InboundIn(TicketIn):
    """A ticket as ``POST /tickets`` takes it, with ``channel`` the sending system
    (``police110``, ``province``, ``app``, ``open311``) and that system's own id."""

    external_id: str = Field(..., min_length=1, max_length=100)


class InboundOut(Schema):
    number: str
    query_code: str
    status: str
    status_label: str
    source: str
    external_id: str
    created: bool


class LimitOut(Schema):
    """Past the key's calls per minute (``rate_limited``)."""

    code: str
    message: str
    per_minute: int


def _out(ticket, source: str, external_id: str, created: bool) -> dict:
    return {
        "number": ticket.number,
        "query_code": ticket.query_code,
        "status": ticket.status,
        "status_label": ticket.get_status_display(),
        "source": source,
        "external_id": external_id,
        "created": created,
    }


@router.post(
    "/inbound/tickets",
    response={201: InboundOut, 200: InboundOut, 429: LimitOut},
    summary=_("外部系统来件（110 非警务求助转接、省级平台转办等；按外部编号幂等）"),
)
def receive(request, payload: InboundIn):
    principal = key_for_request(request, Scope.SUBMIT)
    data = payload.intake_data()
    ticket, created = inbound.receive(data, external_id=payload.external_id, principal=principal)
    body = _out(ticket, payload.channel, payload.external_id.strip(), created)
    return Status(201 if created else 200, body)


@router.get(
    "/inbound/tickets/{source}/{external_id}",
    response={200: InboundOut, 429: LimitOut},
    summary=_("按外部编号查询来件的办理状态"),
)
def status(request, source: str, external_id: str):
    principal = key_for_request(request, Scope.READ_OWN)
    row = (
        InboundTicket.objects.select_related("ticket")
        .filter(source=source, external_id=external_id)
        .filter(ticket__in=visible_tickets(principal.actor))
        .first()
    )
    if row is None:
        raise NotFound(
            "inbound_not_found",
            _("来件 %(source)s/%(external_id)s 不存在或无权查看。")
            % {"source": source, "external_id": external_id},
        )
    return _out(row.ticket, row.source, row.external_id, False)
