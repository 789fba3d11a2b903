"""Reads of one person's notifications: the unread count (the bell, polled) and a page."""

from __future__ import annotations

from jiesu.core.paging import page_window, split_page
from jiesu.notifications.models import Notification
from jiesu.organisation.actor import Actor


def unread_count(user_id: int | None) -> int:
    """Served by the partial index on unread rows; asked by the bell every 30 s, so it takes the
    user's id alone (no membership to read)."""
    if user_id is None:
        return 0
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def notification_page(
    actor: Actor, *, unread: bool = False, page: int = 1, page_size: int = 50
) -> tuple[list[Notification], bool]:
    offset, stop = page_window(page, page_size)
    qs = Notification.objects.filter(recipient_id=actor.user_id)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    rows = list(qs.select_related("ticket").order_by("-id")[offset:stop])
    return split_page(rows, page_size)
