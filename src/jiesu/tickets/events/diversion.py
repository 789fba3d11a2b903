"""Events of a ticket diverted to another channel (110, 12315, …) and its result."""

from __future__ import annotations

from datetime import datetime

from jiesu.organisation.actor import Actor
from jiesu.tickets.choices import EventKind
from jiesu.tickets.events._base import _write, writes
from jiesu.tickets.models import Event, Ticket


@writes(EventKind.DIVERTED)
def diverted(
    ticket: Ticket,
    *,
    actor: Actor,
    at: datetime,
    diversion: int,
    channel: str,
    channel_label: str,
    reason: str,
    external_ref: str,
    syncs_result: bool,
    from_class: str,
) -> Event:
    return _write(
        ticket,
        EventKind.DIVERTED,
        actor=actor,
        at=at,
        data={
            "diversion": diversion,
            "channel": channel,
            "channel_label": str(channel_label),  # a lazy label as the text it reads now
            "reason": reason,
            "external_ref": external_ref,
            "syncs_result": syncs_result,
            "from_class": from_class,
        },
    )


@writes(EventKind.EXTERNAL_RESULT)
def external_result(
    ticket: Ticket, *, actor: Actor, at: datetime, diversion: int, channel: str, result: str
) -> Event:
    return _write(
        ticket,
        EventKind.EXTERNAL_RESULT,
        actor=actor,
        at=at,
        data={
            "diversion": diversion,
            "channel": channel,
            "result": result,
        },
    )
