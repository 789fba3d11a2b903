"""Reading 兜底办 cases: the desk's list, one case, and the solved cases the case library
(企业帮扶知识库、案例集) takes in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from jiesu.core.paging import page_window, split_page
from jiesu.enterprise.choices import CaseStatus
from jiesu.enterprise.models import EnterpriseCase
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets.choices import CallbackResult, EventKind, TicketStatus
from jiesu.tickets.models import Callback

SOLVED_RESULTS = (CallbackResult.SATISFIED, CallbackResult.BASICALLY_SATISFIED)


def visible_cases(actor: Actor) -> QuerySet[EnterpriseCase]:
    """The centre's staff and those who see every ticket see every case; nobody else any."""
    rows = EnterpriseCase.objects.select_related("ticket", "ticket__region", "origin__ticket")
    if permissions.at_enterprise_centre(actor) or permissions.sees_all(actor):
        return rows
    return rows.none()


def case_page(
    actor: Actor, *, status: str | None = None, page: int, page_size: int
) -> tuple[list[EnterpriseCase], bool]:
    rows = visible_cases(actor).order_by("-registered_at", "-id")
    if status:
        rows = rows.filter(status=status)
    offset, stop = page_window(page, page_size)
    return split_page(list(rows[offset:stop]), page_size)


def get_case_for_user(actor: Actor, case_id: int) -> EnterpriseCase:
    case = visible_cases(actor).filter(pk=case_id).first()
    if case is None:
        raise permissions.enterprise_case_not_found(case_id)
    return case


@dataclass(frozen=True)
class SolvedCase:
    """A case for the case library: the problem, how it was solved, and by whom."""

    case: int
    ticket: str
    company: str
    gap: str
    subject: str
    problem: str
    solution: str
    lead_unit: str | None
    closed_at: datetime
    rating: str


def solved_cases(*, since: datetime | None = None, limit: int = 500) -> list[SolvedCase]:
    """Closed cases whose last rating was satisfied or basically satisfied, newest first — what
    the knowledge base imports as cases (no caller or contact data)."""
    last_rating = Callback.objects.filter(ticket=OuterRef("ticket")).order_by("-at", "-id")
    rows = (
        EnterpriseCase.objects.filter(ticket__status=TicketStatus.CLOSED)
        .annotate(rating=Subquery(last_rating.values("result")[:1]))
        .filter(rating__in=SOLVED_RESULTS)
        .select_related("ticket")
        .prefetch_related("ticket__assignments__unit")
        .order_by("-ticket__closed_at", "-id")
    )
    if since is not None:
        rows = rows.filter(ticket__closed_at__gte=since)
    found = []
    for case in rows[:limit]:
        ticket = case.ticket
        lead = next(
            (a.unit.name for a in ticket.assignments.all() if a.role == "main"),
            None,
        )
        found.append(
            SolvedCase(
                case=case.pk,
                ticket=ticket.number,
                company=case.company_name,
                gap=case.get_gap_display(),
                subject=ticket.subject,
                problem=ticket.content,
                solution=ticket.answer,
                lead_unit=lead,
                closed_at=ticket.closed_at or case.registered_at,
                rating=case.rating,
            )
        )
    return found


@dataclass(frozen=True)
class CaseStep:
    label: str
    state: str  # "done", "now" or "" (still ahead)


def case_steps(case: EnterpriseCase, kinds: set[str]) -> list[CaseStep]:
    """Where the case stands on 问题登记、综合受理、分级协调、（提级协调）、问题反馈, from its own
    status and the kinds of its ticket's events."""
    ticket = case.ticket
    if case.status == CaseStatus.DECLINED:
        return [CaseStep(_("问题登记"), "done"), CaseStep(_("不予受理"), "now")]
    reached = [
        (_("问题登记"), True),
        (_("综合受理"), case.status == CaseStatus.ACCEPTED),
        (_("分级协调"), EventKind.DISPATCHED in kinds),
    ]
    if EventKind.ESCALATED in kinds:
        reached.append((_("提级协调"), True))
    reached.append((_("问题反馈"), ticket.status == TicketStatus.CLOSED))
    last = max(i for i, (_label, done) in enumerate(reached) if done)
    if ticket.status == TicketStatus.CLOSED:
        return [CaseStep(label, "done") for label, _done in reached]
    return [
        CaseStep(label, "done" if i < last else "now" if i == last else "")
        for i, (label, _done) in enumerate(reached)
    ]
