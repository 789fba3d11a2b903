"""Test helpers: drive a ticket through the loop with the demo city's people. The clock is
whatever the test froze (actions read ``timezone.now()``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from jiesu.testing.builders import make_ticket, person
from jiesu.tickets import actions
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.choices import AssignmentStatus, ReplyStatus
from jiesu.tickets.models import Event, Ticket

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 6, 23, 9, 0, tzinfo=SH)  # a Monday

REVIEWERS = {"section_head": "reviewer", "deputy_leader": "leader"}


def dispatched(**over: Any) -> Ticket:
    """A complaint about a property (物业) dispatched to city-housing by its catalogue route."""
    ticket = make_ticket(**over)
    actions.dispatch_ticket(ticket.number, main_unit=None, actor=person("dispatcher"))
    ticket.refresh_from_db()
    return ticket


def answer(ticket: Ticket, content: str = "已督促物业公司更换楼道灯，现已恢复照明。") -> None:
    """city-housing signs (if needed), replies, and every review level approves."""
    main = main_assignment(ticket)
    if main.status == AssignmentStatus.PENDING_SIGN:
        actions.sign_assignment(main.pk, actor=person("handler"))
    reply = actions.submit_reply(main.pk, content, actor=person("handler"))
    while reply.status == ReplyStatus.IN_REVIEW:
        reply = actions.review_reply(
            reply.pk, approve=True, actor=person(REVIEWERS[reply.current_level])
        )
    ticket.refresh_from_db()


def replied(**over: Any) -> Ticket:
    ticket = dispatched(**over)
    answer(ticket)
    return ticket


def event_count(number: str) -> int:
    return Event.objects.filter(ticket__number=number).count()


def kinds(number: str) -> list[str]:
    return list(
        Event.objects.filter(ticket__number=number).order_by("id").values_list("kind", flat=True)
    )


def last_event(number: str, kind: str) -> Event:
    return Event.objects.filter(ticket__number=number, kind=kind).order_by("-id").first()
