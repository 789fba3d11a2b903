"""The one small interface every diversion channel implements."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jiesu.diversion.models import Diversion

log = logging.getLogger("jiesu.diversion")


class BaseChannel:
    """A channel outside 12345. ``send`` hands a diversion over and returns the reference the
    other side knows it by. It runs inside the diverting transaction: an implementation that
    talks to a remote system should enqueue the call and return a local reference.

    ``syncs_result``: the other side reports its result back (the "101" enterprise mechanism),
    so the ticket stays ``diverted`` until it does; for the other channels the hand-over ends
    the matter for 12345 and the ticket is closed at once.
    """

    code: str = ""
    label: str = ""
    prefix: str = ""
    syncs_result: bool = False

    def send(self, diversion: Diversion) -> str:
        """Default: record the hand-over locally (no network)."""
        ref = f"{self.prefix}-{diversion.ticket.number}"
        log.info(
            "diversion %s: ticket %s handed over to %s", ref, diversion.ticket.number, self.code
        )
        return ref
