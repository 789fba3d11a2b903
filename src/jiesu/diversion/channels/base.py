"""The one small interface every diversion channel implements."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from jiesu.diversion import deliveries
from jiesu.diversion.choices import DeliveryKind

if TYPE_CHECKING:
    from jiesu.diversion.models import Diversion

log = logging.getLogger("jiesu.diversion")


class BaseChannel:
    """A channel outside 12345. ``send`` hands a diversion over and returns the reference the
    hand-over carries (``XF-<ticket number>`` …). It runs inside the diverting transaction.

    The default delivers the ticket to the receiving system as a signed webhook when the
    channel has an address (``JIESU_DIVERSION_URLS``, ``JIESU_DIVERSION_SECRETS``): the delivery
    is written in the diverting transaction and sent by the task queue once it commits,
    retried with back-off (``diversion.deliveries``). Without an address the hand-over is only
    recorded here, with a warning in the log.

    ``syncs_result``: the other side reports its result back (the "101" enterprise mechanism),
    so the ticket stays ``diverted`` until it does; for the other channels the hand-over ends
    the matter for 12345 and the ticket is closed at once.
    """

    code: str = ""
    label: str = ""
    prefix: str = ""
    syncs_result: bool = False

    def reference(self, diversion: Diversion) -> str:
        return f"{self.prefix}-{diversion.ticket.number}"

    def send(self, diversion: Diversion) -> str:
        ref = self.reference(diversion)
        if deliveries.address(DeliveryKind.HANDOFF, self.code) is None:
            log.warning(
                "diversion %s: channel %s has no address (JIESU_DIVERSION_URLS); "
                "the hand-over of ticket %s is recorded locally only",
                ref,
                self.code,
                diversion.ticket.number,
            )
            return ref
        deliveries.queue(
            kind=DeliveryKind.HANDOFF,
            target=self.code,
            event="diversion.created",
            ticket=diversion.ticket,
            diversion=diversion,
            payload=self.payload(diversion, ref),
            now=diversion.created_at,
        )
        return ref

    def payload(self, diversion: Diversion, ref: str) -> dict[str, Any]:
        """What the receiving system gets: the matter, the caller (unless anonymous; flagged
        when confidential), the reason, and where to send its result."""
        ticket = diversion.ticket
        caller = (
            None
            if ticket.anonymous
            else {
                "name": ticket.caller_name,
                "phone": ticket.caller_phone,
                "confidential": ticket.confidential,
            }
        )
        return {
            "event": "diversion.created",
            "channel": self.code,
            "reference": ref,
            "diversion": diversion.pk,
            "reason": diversion.reason,
            "diverted_at": timezone.localtime(diversion.created_at).isoformat(),
            "syncs_result": self.syncs_result,
            "result_url": f"/api/v1/diversions/{diversion.pk}/result",
            "ticket": {
                "number": ticket.number,
                "channel": ticket.channel,
                "subject": ticket.subject,
                "content": ticket.content,
                "appeal_type": ticket.appeal_type,
                "urgent": ticket.urgent,
                "enterprise": ticket.enterprise,
                "region": ticket.region.code,
                "address": ticket.address,
                "lat": ticket.lat,
                "lon": ticket.lon,
                "created_at": timezone.localtime(ticket.created_at).isoformat(),
                "caller": caller,
            },
        }
