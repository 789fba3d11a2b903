"""Webhooks for the city apps that follow tickets (``JIESU_WEBHOOKS``): a ticket dispatched to a
unit, answered (the main unit's approved reply, or an online answer) and closed. Queued by the
event hook in the transaction of the step, one delivery per app and event; no caller data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from jiesu.diversion import deliveries
from jiesu.diversion.choices import DeliveryKind, FollowedEvent
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Event, Reply

FOLLOWED: dict[str, str] = {
    EventKind.DISPATCHED: FollowedEvent.DISPATCHED,
    EventKind.TICKET_REPLIED: FollowedEvent.ANSWERED,
    EventKind.ANSWERED_ONLINE: FollowedEvent.ANSWERED,
    EventKind.CLOSED: FollowedEvent.CLOSED,
}


def ticket_event_written(event: Event) -> None:
    step = FOLLOWED.get(event.kind)
    if step is None or not settings.JIESU_WEBHOOKS:
        return
    apps = [name for name in settings.JIESU_WEBHOOKS if step in steps_of(name)]
    if not apps:
        return
    payload = ticket_payload(event, step)
    for name in apps:
        deliveries.queue(
            kind=DeliveryKind.FOLLOW,
            target=name,
            event=f"ticket.{step}",
            ticket=event.ticket,
            payload=payload,
            now=event.at,
            source_event=event,
        )


def steps_of(app: str) -> list[str]:
    """The steps ``app`` is scoped to (``JIESU_WEBHOOK_APP_EVENTS``), else the common ones."""
    return settings.JIESU_WEBHOOK_APP_EVENTS.get(app, settings.JIESU_WEBHOOK_EVENTS)


def ticket_payload(event: Event, step: str) -> dict[str, Any]:
    ticket = event.ticket
    payload: dict[str, Any] = {
        "event": f"ticket.{step}",
        "at": timezone.localtime(event.at).isoformat(),
        "ticket": {
            "number": ticket.number,
            "status": ticket.status,
            "status_label": ticket.get_status_display(),
            "subject": ticket.subject,
            "appeal_type": ticket.appeal_type,
            "category": ticket.category.code if ticket.category_id else None,
            "region": ticket.region.code,
            "enterprise": ticket.enterprise,
            "created_at": timezone.localtime(ticket.created_at).isoformat(),
        },
    }
    if step == FollowedEvent.DISPATCHED:
        payload["unit"] = event.data.get("unit")
        payload["role"] = event.data.get("role")
    elif step == FollowedEvent.ANSWERED:
        if event.kind == EventKind.TICKET_REPLIED:
            payload["answer"] = Reply.objects.get(pk=event.data["reply"]).content
        else:
            payload["answer"] = event.data.get("answer", "")
    else:
        payload["reason"] = event.data.get("reason", "")
    return payload
