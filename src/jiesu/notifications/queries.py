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


def notification_cursor_page(
    user_id: int | None, *, before: int | None = None, unread: bool = False, size: int = 50
) -> tuple[list[Notification], int | None]:
    """The person's notifications newest first, ``size`` of them with ids below ``before`` (the
    cursor of the page before; ``None`` for the newest): one range of the ``notification_
    recipient`` index whatever the depth. Returns the page and the next page's cursor (the
    last id shown), or ``None`` when nothing older is left."""
    if user_id is None:
        return [], None
    qs = Notification.objects.filter(recipient_id=user_id)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.select_related("ticket").order_by("-id")[: size + 1])
    page, more = split_page(rows, size)
    return page, (page[-1].pk if more else None)
