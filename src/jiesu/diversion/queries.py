from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jiesu.core.errors import NotFound, ValidationFailed
from jiesu.core.paging import page_window, split_page
from jiesu.diversion.choices import DeliveryStatus, DiversionChannel
from jiesu.diversion.models import Delivery, Diversion
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets.models import Ticket


def latest_diversion(ticket: Ticket) -> Diversion | None:
    return Diversion.objects.filter(ticket=ticket).order_by("-id").first()


def delivery_page(
    actor: Actor,
    *,
    status: str | None = None,
    target: str | None = None,
    ticket: str | None = None,
    page: int,
    page_size: int,
) -> tuple[list[Delivery], bool]:
    """The delivery log, newest first; ``status="dead"`` is the dead-letter list."""
    permissions.require_delivery_manager(actor)
    rows: QuerySet[Delivery] = Delivery.objects.select_related("ticket").order_by("-id")
    if status:
        if status not in DeliveryStatus.values:
            raise ValidationFailed(
                "invalid_delivery_status",
                _("未知的投递状态：%(status)s（可选：%(choices)s）。")
                % {"status": status, "choices": "、".join(DeliveryStatus.values)},
                field="status",
            )
        rows = rows.filter(status=status)
    if target:
        rows = rows.filter(target=target)
    if ticket:
        rows = rows.filter(ticket__number=ticket)
    offset, stop = page_window(page, page_size)
    return split_page(list(rows[offset:stop]), page_size)


def get_delivery_for_user(actor: Actor, delivery_id: int) -> Delivery:
    permissions.require_delivery_manager(actor)
    delivery = (
        Delivery.objects.select_related("ticket", "diversion")
        .prefetch_related("attempt_log")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        raise NotFound(
            "delivery_not_found", _("投递%(delivery_id)s不存在。") % {"delivery_id": delivery_id}
        )
    return delivery


def get_diversion_for_user(actor: Actor, diversion_id: int) -> Diversion:
    """A channel's account sees its own channel's diversions; others what they see of tickets.
    A channel's integration key asking for another channel's diversion is refused (403)."""
    diversion = Diversion.objects.select_related("ticket").filter(pk=diversion_id).first()
    if diversion is not None:
        permissions.require_own_channel(
            actor, diversion.channel, labels=dict(DiversionChannel.choices)
        )
    if diversion is None or not permissions.sees_diversion(
        actor, diversion.channel, diversion.ticket
    ):
        raise permissions.diversion_not_found(diversion_id)
    return diversion
