from __future__ import annotations

from jiesu.diversion.models import Diversion
from jiesu.tickets.models import Ticket


def latest_diversion(ticket: Ticket) -> Diversion | None:
    return Diversion.objects.filter(ticket=ticket).order_by("-id").first()
