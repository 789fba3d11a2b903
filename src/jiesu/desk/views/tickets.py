"""The ticket list and the ticket page. Server-rendered desks: the same queries and actions as
the API, in Chinese pages. The page offers only the actions the permission module and the
workflow allow (``desk.ticket_page``); the steps themselves are the rows of ``desk.steps``, served
by ``views.steps``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone

from jiesu.audit.actions import record_personal_data_read
from jiesu.audit.choices import ReadChannel
from jiesu.core.errors import JiesuError
from jiesu.handling import queries as handling_queries
from jiesu.organisation.actor import actor_for
from jiesu.tickets import queries
from jiesu.tickets.serializers import ticket_dict

from ..describe import Describer
from ..ticket_page import TicketPage


def render_ticket(request, number: str, *, bound=None, status: int = 200):
    """The ticket page; ``bound`` holds a step's form that came back with errors."""
    actor = actor_for(request.user)
    try:
        ticket = queries.get_ticket_for_user(actor, number)
    except JiesuError as exc:
        return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=exc.status)
    now = timezone.now()
    record_personal_data_read(actor=actor, ticket=ticket, channel=ReadChannel.DESK, now=now)
    events = list(queries.visible_events(actor, ticket))
    page = TicketPage(actor, ticket, bound, events)
    context = page.build()
    return render(
        request,
        "desk/detail.html",
        {
            "actor": actor,
            "ticket": ticket,
            "t": ticket_dict(ticket, actor, now, assignments=page.assignments),
            "events": Describer(events).rows(),
            **context,
        },
        status=status,
    )


@login_required
def ticket_detail(request, number: str):
    return render_ticket(request, number)


@login_required
def statement(request, number: str, request_id: int):
    """The stamped statement of a return, to whoever may see the return (open or download)."""
    actor = actor_for(request.user)
    try:
        row = handling_queries.get_return_for_user(actor, request_id)
    except JiesuError as exc:
        return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=exc.status)
    if not row.statement:
        raise Http404
    return FileResponse(row.statement.open("rb"), filename=row.statement_name or None)
