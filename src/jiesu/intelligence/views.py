"""Desk pages of intelligent intake: the suggestion panel the intake form asks for while the
operator types (an htmx partial), and the hotspot page (the period's matters)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from jiesu.core.errors import JiesuError
from jiesu.intelligence.hotspots import hotspots, period
from jiesu.intelligence.suggest import call_from, suggest
from jiesu.organisation import permissions
from jiesu.organisation.actor import actor_for
from jiesu.tickets.actions.merge import PRIMARY_STATUSES
from jiesu.tickets.choices import TicketStatus


@login_required
def suggestions(request):
    """GET /desk/suggest/?subject=&content=&phone=&region=&address= → the panel alone (the
    intake form sends its own fields, so ``caller_phone`` stands for ``phone``)."""
    actor = actor_for(request.user)
    if not permissions.may(actor, "intake"):
        raise PermissionDenied
    q = request.GET
    try:
        call = call_from(
            q.get("subject", "")[:200],
            q.get("content", "")[:20000],
            (q.get("phone") or q.get("caller_phone", ""))[:30],  # the intake form's field
            q.get("region") or None,
            q.get("address", "")[:200],
        )
    except JiesuError:
        call = call_from(q.get("subject", "")[:200], q.get("content", "")[:20000], "", None, "")
    result = suggest(call) if (call.subject or call.content).strip() else None
    if result is not None:
        shown_once(result)
        numbered(result)
    return render(request, "intelligence/partials/suggestions.html", {"s": result})


def shown_once(result: dict) -> None:
    """The caller's own earlier tickets are offered under 一人多次 only, not again under 一事多人
    (the API lists them in both; the panel offers each ticket once, so its keys reach further)."""
    own = {d["number"] for d in result["repeat_caller"]}
    result["duplicates"] = [d for d in result["duplicates"] if d["number"] not in own]
    for d in result["duplicates"] + result["repeat_caller"]:
        # a closed ticket is shown for what it says, but cannot take a merge: no 并入 chip
        d["mergeable"] = d["status"] in PRIMARY_STATUSES
        d["status_label"] = TicketStatus(d["status"]).label


#: the groups of the panel, in the order their suggestions are numbered for Alt+1…Alt+9
KEYED = ("categories", "units", "duplicates", "repeat_caller")


def numbered(result: dict) -> None:
    """Give the panel's first nine suggestions, in panel order, their key (``key``: 1…9)."""
    items = [item for group in KEYED for item in result[group] if item.get("mergeable", True)]
    for key, item in enumerate(items[:9], start=1):
        item["key"] = key


@login_required
def hotspot_page(request):
    actor = actor_for(request.user)
    if not permissions.reads_reports(actor):
        raise PermissionDenied
    error = ""
    try:
        start, end = period(
            request.GET.get("from"), request.GET.get("to"), today=timezone.localdate()
        )
    except JiesuError as exc:
        error = exc.message
        start, end = period(None, None, today=timezone.localdate())
    result = hotspots(start, end)
    return render(
        request,
        "intelligence/hotspots.html",
        {
            "actor": actor,
            "result": result,
            "error": error,
            "first": start.date(),
            "last": (end - timedelta(days=1)).date(),
        },
    )
