"""Webhook deliveries run by `jiesu worker` (Huey): each one as soon as its step commits, its
retries at their back-off time, and every minute whatever is due and was missed."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from jiesu.diversion.choices import DeliveryStatus
from jiesu.diversion.deliveries import _enqueue, attempt, send_due


@db_task()
def deliver(delivery_id: int) -> str | None:
    delivery = attempt(delivery_id)
    if delivery is None:
        return None
    if delivery.status == DeliveryStatus.PENDING and delivery.next_attempt_at is not None:
        _enqueue(delivery.pk, eta=delivery.next_attempt_at)
    return delivery.status


@db_periodic_task(crontab(minute="*"))
def send_due_deliveries() -> int:
    return send_due()
