"""Divert a D-class request (R12) and record the outside channel's result."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema, Status

from jiesu.core.schemas import Input
from jiesu.diversion import actions
from jiesu.diversion.models import Diversion
from jiesu.organisation import permissions
from jiesu.tickets import queries
from jiesu.tickets.serializers import local

router = Router(tags=["diversion"])


class DivertIn(Input):
    channel: str
    reason: str = ""


class ExternalResultIn(Input):
    channel: str
    result: str = ""


class DiversionOut(Schema):
    id: int
    ticket: str
    ticket_status: str
    dispatch_class: str
    channel: str
    channel_label: str
    reason: str
    external_ref: str
    created_at: datetime
    result: str
    result_at: datetime | None


def diversion_dict(d: Diversion) -> dict:
    return {
        "id": d.pk,
        "ticket": d.ticket.number,
        "ticket_status": d.ticket.status,
        "dispatch_class": d.ticket.dispatch_class,
        "channel": d.channel,
        "channel_label": d.get_channel_display(),
        "reason": d.reason,
        "external_ref": d.external_ref,
        "created_at": local(d.created_at),
        "result": d.result,
        "result_at": local(d.result_at),
    }


@router.post("/tickets/{number}/divert", response={201: DiversionOut}, summary="分流（R12）")
def divert(request, number: str, payload: DivertIn):
    ticket = queries.get_ticket_for_user(request.actor, number)
    permissions.require(request.actor, "divert", ticket)
    diversion = actions.divert_ticket(
        number, channel=payload.channel, reason=payload.reason, actor=request.actor
    )
    return Status(201, diversion_dict(diversion))


@router.post(
    "/tickets/{number}/external-result",
    response=DiversionOut,
    summary="外部渠道办理结果回传（R12）",
)
def external_result(request, number: str, payload: ExternalResultIn):
    ticket = queries.get_ticket_for_user(request.actor, number)
    permissions.require(request.actor, "sync_diversion", ticket)
    diversion = actions.record_external_result(
        number, channel=payload.channel, result=payload.result, actor=request.actor
    )
    return diversion_dict(diversion)
