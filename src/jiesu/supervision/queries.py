"""Reads for the supervisor desk, scoped like the tickets they belong to."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from jiesu.core.paging import page_window, split_page
from jiesu.organisation.actor import Actor
from jiesu.organisation.permissions import sees_all, supervision_not_found
from jiesu.supervision.models import Supervision
from jiesu.tickets.queries import visible_tickets


def visible_supervisions(actor: Actor) -> QuerySet[Supervision]:
    qs = Supervision.objects.all()
    return qs if sees_all(actor) else qs.filter(ticket__in=visible_tickets(actor))


def get_supervision_for_user(actor: Actor, supervision_id: int) -> Supervision:
    supervision = (
        visible_supervisions(actor).select_related("ticket").filter(pk=supervision_id).first()
    )
    if supervision is None:
        raise supervision_not_found(supervision_id)
    return supervision


def supervision_page(
    actor: Actor, *, open_: bool | None, page: int, page_size: int
) -> tuple[list[Supervision], bool]:
    """Open supervisions by deadline (the most urgent first); closed ones newest first. One
    row more than the page tells whether there is a next page (no full count)."""
    qs = visible_supervisions(actor).select_related("ticket", "opened_by")
    if open_ is True:
        qs = qs.filter(closed_at__isnull=True).order_by("deadline", "id")
    elif open_ is False:
        qs = qs.filter(closed_at__isnull=False).order_by("-closed_at", "-id")
    else:
        qs = qs.order_by("-opened_at", "-id")
    offset, stop = page_window(page, page_size)
    return split_page(list(qs[offset:stop]), page_size)


def is_overdue(supervision: Supervision, now: datetime) -> bool:
    if supervision.closed_at is None:
        return supervision.deadline < now
    return supervision.closed_at > supervision.deadline
