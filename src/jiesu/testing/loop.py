"""A ticket moved along the loop through the actions at a time the test names (``at=``), each
step answering the ticket and its main assignment. ``builders`` has the same steps on whatever
clock the test froze; the API tests drive them over HTTP."""

from __future__ import annotations

from datetime import datetime

from jiesu.testing.builders import REVIEWERS, counts, fresh_phone, kinds, make_ticket, person, sh
from jiesu.tickets import actions
from jiesu.tickets.choices import ReplyStatus
from jiesu.tickets.models import Assignment, Ticket

__all__ = ["counts", "dispatched", "fresh_phone", "kinds", "replied", "sh", "signed"]


def dispatched(
    *, at: datetime, main: str = "city-housing", assists: list[str] | None = None, **over
) -> tuple[Ticket, Assignment]:
    """A ticket taken in and dispatched by the city platform at ``at``; returns the main assignment."""
    over.setdefault("caller_phone", fresh_phone())
    ticket = make_ticket(now=at, **over)
    created = actions.dispatch_ticket(
        ticket.number,
        main_unit=main,
        assist_units=assists or [],
        actor=person("dispatcher"),
        now=at,
    )
    ticket.refresh_from_db()
    return ticket, created[0]


def signed(*, at: datetime, **over) -> tuple[Ticket, Assignment]:
    ticket, main = dispatched(at=at, **over)
    actions.sign_assignment(main.pk, actor=person("handler"), now=at)
    main.refresh_from_db()
    return ticket, main


def replied(*, at: datetime, **over) -> tuple[Ticket, Assignment]:
    """Dispatched, signed, answered by city-housing and approved by its section head and the
    city platform at ``at``:
    the ticket is ``replied`` and waits for the callback."""
    ticket, main = signed(at=at, **over)
    reply = actions.submit_reply(
        main.pk, "已联系物业，楼道灯已全部更换。", actor=person("handler"), now=at
    )
    while reply.status == ReplyStatus.IN_REVIEW:
        reviewer = REVIEWERS[reply.current_level]
        reply = actions.review_reply(reply.pk, approve=True, actor=person(reviewer), now=at)
    ticket.refresh_from_db()
    main.refresh_from_db()
    return ticket, main
