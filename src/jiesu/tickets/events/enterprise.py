"""Events of the enterprise 兜底办 (docs/enterprise.md): a company's orphan problem registered,
and accepted by the enterprise service centre. Coordination, escalation, feedback and rating
are the hotline loop's own events (dispatched, escalated, ticket_replied, callback, closed)."""

from __future__ import annotations

from datetime import datetime

from jiesu.organisation.actor import Actor
from jiesu.tickets.choices import EventKind
from jiesu.tickets.events._base import _write, writes
from jiesu.tickets.models import Event, Ticket


@writes(EventKind.ENTERPRISE_REGISTERED)
def enterprise_registered(
    ticket: Ticket,
    *,
    actor: Actor,
    at: datetime,
    case: int,
    company: str,
    credit_code: str,
    gap: str,
    origin: str | None,
) -> Event:
    return _write(
        ticket,
        EventKind.ENTERPRISE_REGISTERED,
        actor=actor,
        at=at,
        data={
            "case": case,
            "company": company,
            "credit_code": credit_code,
            "gap": gap,
            "origin": origin,
        },
    )


@writes(EventKind.ENTERPRISE_ACCEPTED)
def enterprise_accepted(
    ticket: Ticket, *, actor: Actor, at: datetime, case: int, company: str, credit_code: str
) -> Event:
    return _write(
        ticket,
        EventKind.ENTERPRISE_ACCEPTED,
        actor=actor,
        at=at,
        data={"case": case, "company": company, "credit_code": credit_code},
    )


@writes(EventKind.ENTERPRISE_DECLINED)
def enterprise_declined(
    ticket: Ticket, *, actor: Actor, at: datetime, case: int, reason: str, guidance: str
) -> Event:
    """不予受理: why, and where the company is pointed to instead (told to the company)."""
    return _write(
        ticket,
        EventKind.ENTERPRISE_DECLINED,
        actor=actor,
        at=at,
        data={"case": case, "reason": reason, "guidance": guidance},
    )
