"""What a citizen reads on the portal: their one ticket, found by its number and query code,
told in plain words — the answer, never a unit's internal notes or anyone else's data."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import NotFound
from jiesu.portal import limits
from jiesu.portal.choices import AttemptKind
from jiesu.portal.models import Photo
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.choices import CallbackResult, TicketStatus
from jiesu.tickets.models import Ticket

#: each state of a ticket as a citizen is told it
STATUS_WORDS = {
    TicketStatus.ACCEPTED: gettext_lazy("已受理，正在确定承办单位"),
    TicketStatus.ANSWERED_ONLINE: gettext_lazy("已答复，请您评价"),
    TicketStatus.DIVERTED: gettext_lazy("不属于12345受理范围，已转交有关部门（渠道）办理"),
    TicketStatus.DISPATCHED: gettext_lazy("承办单位正在办理"),
    TicketStatus.REPLIED: gettext_lazy("承办单位已答复，请您评价"),
    TicketStatus.REHANDLING: gettext_lazy("正在重新办理"),
    TicketStatus.CLOSED: gettext_lazy("已办结"),
    TicketStatus.MERGED: gettext_lazy("已与同一事项的其他诉求合并办理"),
}
_ANSWERED = {TicketStatus.ANSWERED_ONLINE, TicketStatus.REPLIED, TicketStatus.CLOSED}


def not_found() -> NotFound:
    return NotFound("portal_not_found", _("工单编号或查询码不正确，请核对后重试。"))


def ticket_by_code(number: str, code: str, *, client: str, now: datetime | None = None) -> Ticket:
    """The ticket whose number and query code both match, or ``not_found`` — the same answer
    whether the number exists or not. Wrong codes are counted and limited (``limits``)."""
    now = now or timezone.now()
    number, code = (number or "").strip(), (code or "").strip()
    limits.check_lookup(client, number, now)
    ticket = Ticket.objects.select_related("region", "primary").filter(number=number).first()
    expected = ticket.query_code if ticket else "!"
    if ticket is None or not hmac.compare_digest(expected.encode(), code.encode()):
        limits.record(AttemptKind.LOOKUP_FAILED, client, now, number=number[:20])
        raise not_found()
    return ticket


@dataclass(frozen=True)
class Rated:
    label: str
    comment: str
    at: datetime


@dataclass(frozen=True)
class PublicView:
    number: str
    subject: str
    content: str
    address: str
    created_at: datetime
    status: str
    status_words: str
    unit: str
    answer: str
    may_rate: bool
    ratings: list[Rated]
    photos: int


def public_view(ticket: Ticket) -> PublicView:
    """The citizen's view of their ticket: what they wrote, where it stands, who handles it and
    the approved answer. Reply drafts, reviews, internal events and notes are not read at all."""
    main = main_assignment(ticket.primary or ticket)
    ratings = [
        Rated(c.get_result_display(), c.comment, c.at)
        # the citizen's own ratings: a callback by staff has no user-less author
        for c in ticket.callbacks.filter(by__isnull=True)
        .exclude(result=CallbackResult.UNREACHED)
        .order_by("at", "id")
    ]
    answered = ticket.status in _ANSWERED and bool(ticket.answer)
    return PublicView(
        number=ticket.number,
        subject=ticket.subject,
        content=ticket.content,
        address=ticket.address,
        created_at=ticket.created_at,
        status=ticket.status,
        status_words=str(STATUS_WORDS[TicketStatus(ticket.status)]),
        unit=main.unit.name if main else "",
        answer=ticket.answer if answered else "",
        may_rate=ticket.awaiting_callback and answered,
        ratings=ratings,
        photos=Photo.objects.filter(ticket=ticket).count(),
    )
