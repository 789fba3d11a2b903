"""Signed webhooks delivered at least once: queued in the transaction of the step they report
(an outbox row), sent by the task queue, retried with back-off, kept as a dead letter after the
last attempt until the platform retries them. Every attempt is logged."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import NotFound
from jiesu.diversion import webhooks, workflow
from jiesu.diversion.choices import DeliveryKind, DeliveryStatus
from jiesu.diversion.models import Delivery, DeliveryAttempt, Diversion
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets.models import Event, Ticket

log = logging.getLogger("jiesu.diversion")

MAX_DELAY = timedelta(hours=6)
# a claimed delivery is not claimed again for this long: one sender at a time
_LEASE = timedelta(minutes=2)


def address(kind: str, target: str) -> tuple[str, str] | None:
    """The receiver's (url, secret) from the settings, read at each attempt: a changed address
    or a rotated secret applies to the retries too."""
    if kind == DeliveryKind.HANDOFF:
        urls, secrets = settings.JIESU_DIVERSION_URLS, settings.JIESU_DIVERSION_SECRETS
    else:
        urls, secrets = settings.JIESU_WEBHOOKS, settings.JIESU_WEBHOOK_SECRETS
    url, secret = urls.get(target), secrets.get(target)
    return (url, secret) if url and secret else None


def backoff(attempt: int) -> timedelta:
    """The wait after the ``attempt``-th failure: RETRY_SECONDS, then twice as long each time,
    at most 6 hours."""
    seconds = settings.JIESU_WEBHOOK_RETRY_SECONDS * 2 ** min(attempt - 1, 20)
    return min(timedelta(seconds=seconds), MAX_DELAY)


def queue(
    *,
    kind: str,
    target: str,
    event: str,
    ticket: Ticket,
    payload: dict[str, Any],
    now: datetime,
    diversion: Diversion | None = None,
    source_event: Event | None = None,
) -> Delivery:
    """Write the delivery in the caller's transaction; the task queue sends it once that
    transaction commits (and the minute's sweep picks it up if the queue missed it)."""
    delivery = Delivery.objects.create(
        kind=kind,
        target=target,
        event=event,
        ticket=ticket,
        diversion=diversion,
        source_event=source_event,
        payload=payload,
        attempt_limit=settings.JIESU_WEBHOOK_MAX_ATTEMPTS,
        next_attempt_at=now,
        created_at=now,
    )
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def _enqueue(delivery_id: int, eta: datetime | None = None) -> None:
    from jiesu.diversion.tasks import deliver  # the task module imports this one

    try:
        if eta is None:
            deliver(delivery_id)
        else:
            delay = max((eta - timezone.now()).total_seconds(), 0)
            deliver.schedule((delivery_id,), delay=delay)
    except Exception:  # the queue is down: the sweep of due deliveries sends it later
        log.exception("delivery %s could not be queued; the sweep will send it", delivery_id)


def _claim(delivery_id: int, now: datetime) -> bool:
    """Compare-and-set: only one sender takes a due delivery."""
    return bool(
        Delivery.objects.filter(
            pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=now + _LEASE)
    )


def attempt(delivery_id: int, *, now: datetime | None = None) -> Delivery | None:
    """Send a due delivery once and record the attempt; ``None`` if it is not due (delivered,
    dead, scheduled later, or being sent by another worker). The HTTP request runs outside any
    transaction; its outcome is written under the row lock."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = Delivery.objects.get(pk=delivery_id)
    receiver = address(delivery.kind, delivery.target)
    if receiver is None:
        url = ""
        outcome = webhooks.Outcome(False, None, _("接收方未配置地址或密钥"), "", 0)
    else:
        url, secret = receiver
        outcome = webhooks.post(
            url,
            secret=secret,
            event=delivery.event,
            delivery_id=delivery.pk,
            body=webhooks.body_bytes(delivery.payload),
            timeout=settings.JIESU_WEBHOOK_TIMEOUT_SECONDS,
        )
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        number = delivery.attempts + 1
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            url=url[:500],
            started_at=now,
            duration_ms=outcome.duration_ms,
            status_code=outcome.status_code,
            ok=outcome.ok,
            error=outcome.error,
            response=outcome.response,
        )
        delivery.attempts = number
        if outcome.ok:
            fields = workflow.DELIVERY.move(delivery, "delivered")
            delivery.delivered_at, delivery.next_attempt_at, delivery.last_error = now, None, ""
            _keep_remote_ref(delivery, outcome.response)
        elif number >= delivery.attempt_limit:
            fields = workflow.DELIVERY.move(delivery, "give_up")
            delivery.next_attempt_at, delivery.last_error = None, outcome.error
            log.warning("delivery %s is a dead letter: %s", delivery.pk, outcome.error)
        else:
            fields = workflow.DELIVERY.move(delivery, "failed")
            delivery.next_attempt_at = now + backoff(number)
            delivery.last_error = outcome.error
        delivery.save(
            update_fields=[
                *fields,
                "attempts",
                "delivered_at",
                "next_attempt_at",
                "last_error",
            ]
        )
    return delivery


def _keep_remote_ref(delivery: Delivery, response: str) -> None:
    """A receiver that answers a hand-over with ``{"ref": "…"}`` gets its number recorded."""
    if delivery.diversion_id is None:
        return
    try:
        ref = json.loads(response).get("ref")
    except (ValueError, AttributeError):
        return
    if isinstance(ref, str | int) and str(ref).strip():
        Diversion.objects.filter(pk=delivery.diversion_id).update(remote_ref=str(ref).strip()[:80])


def send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Attempt every pending delivery whose time has come (the minute's sweep); how many were
    attempted."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in due if attempt(pk, now=now) is not None)


def retry(delivery_id: int, *, actor: Actor, now: datetime | None = None) -> Delivery:
    """A dead letter goes back to the queue with a fresh set of attempts."""
    permissions.require_delivery_manager(actor)
    now = now or timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            raise NotFound(
                "delivery_not_found",
                _("投递%(delivery_id)s不存在。") % {"delivery_id": delivery_id},
            )
        fields = workflow.DELIVERY.move(delivery, "retry")
        delivery.attempt_limit = delivery.attempts + settings.JIESU_WEBHOOK_MAX_ATTEMPTS
        delivery.next_attempt_at = now
        delivery.save(update_fields=[*fields, "attempt_limit", "next_attempt_at"])
        transaction.on_commit(lambda: _enqueue(delivery.pk))
    log.info("delivery %s requeued by %s", delivery.pk, actor.username)
    return delivery
