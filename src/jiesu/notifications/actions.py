"""The verbs of notifications: read the event log past the cursor and tell the people concerned
(``deliver``), send the e-mails when the setting asks for them, and mark notifications read.
Decision 0021 says why a cursor over the log rather than a hook in every ticket verb."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.diversion import webhooks
from jiesu.notifications.models import Cursor, Notification
from jiesu.notifications.recipients import KINDS, concerned
from jiesu.organisation.actor import Actor
from jiesu.tickets.models import Event

log = logging.getLogger(__name__)

CURSOR = "events"
#: Events read per run; the next run goes on from there.
BATCH = 2000
#: Ids below the cursor read again each run: an event whose transaction committed after a
#: later id was read is still seen (the unique constraint drops what was already told).
LOOKBACK = 200


@dataclass(frozen=True)
class Delivered:
    events: int
    notifications: int
    emails: int
    texts: int = 0


def _text(event: Event) -> str:
    ticket = event.ticket
    unit = event.assignment.unit.name if event.assignment else ""
    return f"{event.get_kind_display()} · {ticket.number} {ticket.subject[:80]} · {unit}"[:300]


def deliver(*, now: datetime | None = None) -> Delivered:
    """One run: the events after the cursor (and a look-back window), their notifications in
    the same transaction as the cursor's move, then the e-mails when they are switched on."""
    now = now or timezone.now()
    with transaction.atomic():
        cursor, _created = Cursor.objects.select_for_update().get_or_create(name=CURSOR)
        events = list(
            Event.objects.filter(id__gt=max(cursor.last_event_id - LOOKBACK, 0), kind__in=KINDS)
            .select_related(
                "ticket",
                "assignment__unit",
                "assignment__parent",
                "assignment__dispatched_from",
            )
            .order_by("id")[:BATCH]
        )
        told = set(
            Notification.objects.filter(event_id__in=[e.id for e in events]).values_list(
                "event_id", "recipient_id"
            )
        )
        rows = [
            Notification(
                recipient_id=user_id,
                event=c.event,
                ticket=c.event.ticket,
                reason=c.reason,
                text=_text(c.event),
                created_at=now,
            )
            for c in concerned(events)
            for user_id in c.user_ids
            if (c.event.id, user_id) not in told
        ]
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        if events and events[-1].id > cursor.last_event_id:
            cursor.last_event_id = events[-1].id
            cursor.save(update_fields=["last_event_id"])
    emails = send_emails(now=now) if settings.JIESU_NOTIFY_EMAIL else 0
    texts = send_texts(now=now) if settings.JIESU_NOTIFY_SMS_URL else 0
    return Delivered(events=len(events), notifications=len(rows), emails=emails, texts=texts)


def notify_users(
    user_ids: list[int], *, reason: str, text: str, link: str, key: str, now: datetime
) -> int:
    """Tell people of something that is not a ticket's step (a report delivered, for the apps
    above): one notification each, linking to ``link``; ``key`` makes a second call with the same
    key a no-op for whoever was already told. Inactive users are skipped. Returns how many."""
    active = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    ids = set(active.values_list("pk", flat=True))
    told = set(
        Notification.objects.filter(key=key, recipient_id__in=ids).values_list(
            "recipient_id", flat=True
        )
    )
    rows = [
        Notification(
            recipient_id=user_id, reason=reason, text=text[:300], link=link, key=key, created_at=now
        )
        for user_id in sorted(ids - told)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def send_emails(*, now: datetime) -> int:
    """Each notification not yet e-mailed, to a person with an address; marked once sent."""
    sent = 0
    pending = Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True).exclude(
        recipient__email=""
    )
    for n in pending.select_related("recipient", "ticket").order_by("id")[:BATCH]:
        send_mail(
            subject=_("【接诉】%(text)s") % {"text": n.text[:60]},
            message=(
                _("%(text)s\n工单 %(number)s，请登录工作台处理。")
                % {"text": n.text, "number": n.ticket.number}
                if n.ticket
                else _("%(text)s\n请登录工作台查看：%(link)s") % {"text": n.text, "link": n.link}
            ),
            from_email=None,
            recipient_list=[n.recipient.email],
        )
        Notification.objects.filter(pk=n.pk).update(emailed_at=now)
        sent += 1
    return sent


def send_texts(*, now: datetime) -> int:
    """Each unread notification of the last ``JIESU_NOTIFY_SMS_HOURS`` hours not yet texted, to a
    person with a phone, through the SMS gateway (a signed POST, ``diversion.webhooks``); marked
    once the gateway took it. A gateway that fails stops the run: the rest waits for the next."""
    sent = 0
    pending = (
        Notification.objects.filter(
            texted_at__isnull=True,
            read_at__isnull=True,
            created_at__gte=now - timedelta(hours=settings.JIESU_NOTIFY_SMS_HOURS),
        )
        .exclude(recipient__account__phone="")
        .exclude(recipient__account__isnull=True)
    )
    for n in pending.select_related("recipient__account", "ticket").order_by("id")[:BATCH]:
        text = _("【接诉】%(text)s") % {"text": n.text}
        if n.ticket:
            text += _("，请登录工作台处理。")
        body = webhooks.body_bytes(
            {
                "phone": n.recipient.account.phone,
                "text": text,
                "notification": n.pk,
                "ticket": n.ticket.number if n.ticket else None,
            }
        )
        outcome = webhooks.post(
            settings.JIESU_NOTIFY_SMS_URL,
            secret=settings.JIESU_NOTIFY_SMS_SECRET,
            event="notification.sms",
            delivery_id=n.pk,
            body=body,
            timeout=settings.JIESU_NOTIFY_SMS_TIMEOUT,
        )
        if not outcome.ok:
            log.warning("SMS gateway refused notification %s: %s", n.pk, outcome.error)
            break
        Notification.objects.filter(pk=n.pk).update(texted_at=now)
        sent += 1
    return sent


def mark_read(
    actor: Actor,
    ids: list[int] | None = None,
    *,
    up_to: int | None = None,
    now: datetime | None = None,
) -> int:
    """Mark the actor's own notifications read: those of ``ids``, or those up to the id
    ``up_to`` (a cursor: everything the person has seen down the list), or all when neither is
    given. Another person's notification is left alone (not found, not an error)."""
    now = now or timezone.now()
    qs = Notification.objects.filter(recipient_id=actor.user_id, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if up_to is not None:
        qs = qs.filter(pk__lte=up_to)
    with transaction.atomic():
        return qs.update(read_at=now)
