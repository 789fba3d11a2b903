"""Divert a D-class request (R12) and record the outside channel's result."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status

from jiesu.core.schemas import Input
from jiesu.diversion import actions, deliveries
from jiesu.diversion.models import Delivery, Diversion
from jiesu.diversion.queries import delivery_page, get_delivery_for_user, get_diversion_for_user
from jiesu.integrations.auth import key_for_request
from jiesu.integrations.choices import Scope
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import queries
from jiesu.tickets.serializers import local

router = Router(tags=["diversion"])


class DivertIn(Input):
    channel: str
    reason: str = ""


class ExternalResultIn(Input):
    channel: str
    result: str = ""


class ChannelResultIn(Input):
    result: str = ""
    external_ref: str = ""


class DiversionOut(Schema):
    id: int
    ticket: str
    ticket_status: str
    dispatch_class: str
    channel: str
    channel_label: str
    reason: str
    external_ref: str
    remote_ref: str
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
        "remote_ref": d.remote_ref,
        "created_at": local(d.created_at),
        "result": d.result,
        "result_at": local(d.result_at),
    }


@router.post("/tickets/{number}/divert", response={201: DiversionOut}, summary=_("分流（R12）"))
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
    summary=_("外部渠道办理结果回传（R12）"),
)
def external_result(request, number: str, payload: ExternalResultIn):
    ticket = queries.get_ticket_for_user(request.actor, number)
    permissions.require(request.actor, "sync_diversion", ticket)
    diversion = actions.record_external_result(
        number, channel=payload.channel, result=payload.result, actor=request.actor
    )
    return diversion_dict(diversion)


def _reporter(request) -> Actor:
    """The receiving system behind the call: its integration key (scope ``report_results``,
    bound to its channel) or a user's token (a channel account, platform staff); audited and
    held to the key's rate like every integration call."""
    actor = key_for_request(request, Scope.REPORT_RESULTS).actor
    request.actor = actor
    return actor


@router.get(
    "/diversions/{diversion_id}",
    response=DiversionOut,
    auth=None,
    summary=_("分流记录（接收方系统以本渠道的接入密钥或账号查看）"),
)
def get_diversion(request, diversion_id: int):
    return diversion_dict(get_diversion_for_user(_reporter(request), diversion_id))


@router.post(
    "/diversions/{diversion_id}/result",
    response=DiversionOut,
    auth=None,
    summary=_("接收方系统回传办理结果（R12；本渠道的接入密钥，scope report_results）"),
)
def channel_result(request, diversion_id: int, payload: ChannelResultIn):
    actor = _reporter(request)
    get_diversion_for_user(actor, diversion_id)
    diversion = actions.report_result(
        diversion_id, result=payload.result, remote_ref=payload.external_ref, actor=actor
    )
    return diversion_dict(diversion)


# --- the delivery log and its dead letters ------------------------------------------------


class AttemptOut(Schema):
    number: int
    url: str
    started_at: datetime
    duration_ms: int
    status_code: int | None
    ok: bool
    error: str
    response: str


class DeliveryOut(Schema):
    id: int
    kind: str
    kind_label: str
    target: str
    event: str
    ticket: str
    diversion: int | None
    status: str
    status_label: str
    attempts: int
    attempt_limit: int
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None
    last_error: str


class DeliveryDetailOut(DeliveryOut):
    payload: dict
    attempt_log: list[AttemptOut]


class DeliveryPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[DeliveryOut]


class DeliveryFilter(Schema):
    status: str | None = None
    target: str | None = None
    ticket: str | None = None
    page: int = 1


def delivery_dict(d: Delivery) -> dict:
    return {
        "id": d.pk,
        "kind": d.kind,
        "kind_label": d.get_kind_display(),
        "target": d.target,
        "event": d.event,
        "ticket": d.ticket.number,
        "diversion": d.diversion_id,
        "status": d.status,
        "status_label": d.get_status_display(),
        "attempts": d.attempts,
        "attempt_limit": d.attempt_limit,
        "next_attempt_at": local(d.next_attempt_at),
        "created_at": local(d.created_at),
        "delivered_at": local(d.delivered_at),
        "last_error": d.last_error,
    }


def delivery_detail(d: Delivery) -> dict:
    return {
        **delivery_dict(d),
        "payload": d.payload,
        "attempt_log": [
            {
                "number": a.number,
                "url": a.url,
                "started_at": local(a.started_at),
                "duration_ms": a.duration_ms,
                "status_code": a.status_code,
                "ok": a.ok,
                "error": a.error,
                "response": a.response,
            }
            for a in d.attempt_log.all()
        ],
    }


@router.get(
    "/deliveries",
    response=DeliveryPage,
    summary=_("对外推送投递记录（status=dead 为死信列表）"),
)
def list_deliveries(request, filters: Query[DeliveryFilter]):
    page, size = max(filters.page, 1), settings.JIESU_API_PAGE_SIZE
    rows, has_next = delivery_page(
        request.actor,
        status=filters.status,
        target=filters.target,
        ticket=filters.ticket,
        page=page,
        page_size=size,
    )
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [delivery_dict(d) for d in rows],
    }


@router.get(
    "/deliveries/{delivery_id}", response=DeliveryDetailOut, summary=_("投递详情与每次尝试")
)
def get_delivery(request, delivery_id: int):
    return delivery_detail(get_delivery_for_user(request.actor, delivery_id))


@router.post(
    "/deliveries/{delivery_id}/retry", response=DeliveryDetailOut, summary=_("死信重新投递")
)
def retry_delivery(request, delivery_id: int):
    get_delivery_for_user(request.actor, delivery_id)
    deliveries.retry(delivery_id, actor=request.actor)
    return delivery_detail(get_delivery_for_user(request.actor, delivery_id))
