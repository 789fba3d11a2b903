"""Notifications over the API: one's own list with a cursor and the unread count, and marking
them read — the same queries and verb as the desk's bell and list (docs/notifications.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from jiesu.core.errors import Forbidden, ValidationFailed
from jiesu.core.schemas import Input
from jiesu.notifications import actions, queries
from jiesu.notifications.models import Notification
from jiesu.tickets.serializers import local

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    ticket: str
    reason: str
    reason_label: str
    text: str
    created_at: datetime
    read: bool


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: int | None
    unread: int


class NotificationFilter(Schema):
    before: int | None = Field(None, ge=1, le=2**63 - 1)
    unread: bool = False


class MarkReadIn(Input):
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] | None = Field(None, max_length=500)
    up_to: int | None = Field(None, ge=1, le=2**63 - 1)


class MarkedOut(Schema):
    marked: int
    unread: int


def _person(request) -> int:
    user_id = request.actor.user_id
    if user_id is None:
        raise Forbidden("forbidden", _("只有登录的工作人员有通知。"))
    return user_id


def _item(n: Notification) -> dict:
    return {
        "id": n.pk,
        "ticket": n.ticket.number,
        "reason": n.reason,
        "reason_label": n.get_reason_display(),
        "text": n.text,
        "created_at": local(n.created_at),
        "read": n.read_at is not None,
    }


@router.get(
    "/notifications",
    response=NotificationPage,
    summary=gettext_lazy("我的通知（游标分页）与未读数"),
)
def list_notifications(request, filters: Query[NotificationFilter]):
    """The caller's notifications, newest first, a page at a time: pass the ``next_cursor`` of
    a page as ``before`` for the next (``null`` once nothing older is left). ``unread=true``
    lists the unread only. ``unread`` in the answer is the caller's whole unread count (the
    bell's number)."""
    user_id = _person(request)
    rows, cursor = queries.notification_cursor_page(
        user_id,
        before=filters.before,
        unread=filters.unread,
        size=settings.JIESU_API_PAGE_SIZE,
    )
    return {
        "items": [_item(n) for n in rows],
        "next_cursor": cursor,
        "unread": queries.unread_count(user_id),
    }


@router.post("/notifications/read", response=MarkedOut, summary=gettext_lazy("标记通知为已读"))
def read_notifications(request, body: MarkReadIn):
    """Mark the caller's own notifications read: ``ids`` (those), or ``up_to`` (every one with
    an id up to it — the first id of a page marks that page and everything older). One of them
    is required (``read_target_required``); another person's ids are left alone."""
    user_id = _person(request)
    if (body.ids is None) == (body.up_to is None):
        raise ValidationFailed(
            "read_target_required",
            _(
                "请给出要标记的通知：ids（通知编号列表）或 up_to（标记此编号及更早的通知），二者选一。"
            ),
            field="ids",
        )
    marked = actions.mark_read(request.actor, body.ids, up_to=body.up_to)
    return {"marked": marked, "unread": queries.unread_count(user_id)}
