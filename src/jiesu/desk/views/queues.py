"""The role's home (``/desk/``): its work queues as tabs with counts, the chosen queue's rows
with their deadlines as countdowns; and the full ticket list (``/desk/tickets/``). The tabs and
the rows are partials that htmx fetches alone (the tabs poll every 30 s); without JavaScript
the same links reload the page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from jiesu.catalogue.models import Category
from jiesu.core.errors import JiesuError
from jiesu.core.paging import MAX_PAGE
from jiesu.organisation.actor import actor_for
from jiesu.organisation.choices import Role
from jiesu.queues import queries
from jiesu.tickets import queries as ticket_queries
from jiesu.tickets.choices import AppealType, TicketStatus
from jiesu.tickets.serializers import ticket_dict
from jiesu.workdays.loader import get_calendar

PAGE_SIZE = 30


def _page(request) -> int:
    try:
        return min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


def _tabs(actor, now, active: str | None) -> list[dict]:
    """The person's queues with their capped counts (one statement for them all)."""
    cap = queries.count_cap()
    counts = queries.counts(actor, now)
    return [
        {
            "name": queue.name,
            "label": queue.label,
            "count": counts[queue.name],
            "capped": counts[queue.name] >= cap,
            "active": queue.name == active,
        }
        for queue in queries.queues_for(actor)
    ]


def _home_context(request) -> dict:
    actor = actor_for(request.user)
    now = timezone.now()
    mine = queries.queues_for(actor)
    names = [q.name for q in mine]
    active = (
        request.GET.get("q") if request.GET.get("q") in names else (names[0] if names else None)
    )
    page = _page(request)
    rows, has_next = [], False
    if active:
        queue = queries.get_queue_for_user(actor, active)
        rows, has_next = queries.queue_page(actor, queue, now, page=page, page_size=PAGE_SIZE)
    return {
        "actor": actor,
        "role_label": dict(Role.choices).get(actor.role, ""),
        "now": now,
        "calendar": get_calendar(),
        "tabs": _tabs(actor, now, active),
        "active": active,
        "rows": rows,
        "page": page,
        "has_next": has_next,
    }


@login_required
def home(request):
    context = _home_context(request)
    if request.htmx:
        return render(request, "desk/partials/queue_panel.html", context)
    return render(request, "desk/home.html", context)


@login_required
def queue_tabs(request):
    """The tabs alone, for the 30-second poll."""
    actor = actor_for(request.user)
    active = request.GET.get("q")
    return render(
        request,
        "desk/partials/queue_tabs.html",
        {"tabs": _tabs(actor, timezone.now(), active), "active": active},
    )


# --- the full list ------------------------------------------------------------------------------


@login_required
def ticket_list(request):
    actor = actor_for(request.user)
    status = request.GET.get("status") or None
    if status not in TicketStatus.values:
        status = None  # a hand-edited address shows everything rather than an error page
    overdue = True if request.GET.get("overdue") == "1" else None
    page = _page(request)
    now = timezone.now()
    try:
        rows, has_next = ticket_queries.ticket_page(
            actor, status=status, overdue=overdue, page=page, page_size=PAGE_SIZE
        )
    except JiesuError as exc:
        return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=exc.status)
    tickets = [ticket_dict(t, actor, now, full=False) for t in rows]
    labels = _labels(rows)
    for t, row in zip(tickets, rows, strict=True):
        t.update(labels[row.pk])
    kept = {k: v for k, v in (("status", status), ("overdue", "1" if overdue else None)) if v}
    return render(
        request,
        "desk/list.html",
        {
            "actor": actor,
            "tickets": tickets,
            "statuses": TicketStatus.choices,
            "status": status,
            "overdue": overdue,
            "page": page,
            "has_next": has_next,
            "filters": urlencode(kept),
        },
    )


def _labels(rows) -> dict[int, dict]:
    """Names for the codes a list row carries (the rows' region and category are fetched with
    them; no query per row)."""
    appeal = dict(AppealType.choices)
    return {
        t.pk: {
            "appeal_type_label": appeal.get(t.appeal_type, t.appeal_type),
            "region_label": t.region.name,
            "category_label": t.category.name if isinstance(t.category, Category) else "",
            "overdue": t.overdue,
        }
        for t in rows
    }
