"""The one writer of the personal-data audit log."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from jiesu.audit.choices import ReadChannel
from jiesu.audit.models import PersonalDataRead
from jiesu.organisation.actor import Actor
from jiesu.tickets.models import Ticket
from jiesu.tickets.serializers import shows_personal_data


def record_personal_data_read(
    *, actor: Actor, ticket: Ticket, channel: ReadChannel | str, now: datetime | None = None
) -> PersonalDataRead | None:
    """Append a row when the full view of ``ticket`` shows ``actor`` the caller's unmasked data
    (the serializer's own rule, ``shows_personal_data``); otherwise write nothing.

    Call it after the permission-checked fetch and before the data goes out: if the row cannot
    be written, the request fails and nothing is shown."""
    if not shows_personal_data(ticket, actor):
        return None
    return PersonalDataRead.objects.create(
        at=now or timezone.now(),
        user_id=actor.user_id,
        username=actor.username,
        role=actor.role,
        unit=actor.unit,
        ticket=ticket,
        channel=ReadChannel(channel),
    )
