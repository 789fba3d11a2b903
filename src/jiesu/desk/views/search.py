"""The header search: a ticket number, a phone number or words, among the tickets the person may
see (``tickets.search``). A whole number that is found opens its ticket at once."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from jiesu.core.errors import JiesuError
from jiesu.organisation.actor import actor_for
from jiesu.tickets.search import search_tickets
from jiesu.tickets.serializers import caller as caller_view


@login_required
def search(request):
    actor = actor_for(request.user)
    q = request.GET.get("q", "")
    context: dict = {"actor": actor, "q": q, "rows": [], "search": None, "error": None}
    try:
        found, tickets = search_tickets(actor, q)
    except JiesuError as exc:
        context["error"] = exc.message
        return render(request, "desk/search.html", context, status=200 if not q else 422)
    if found.kind == "number" and len(tickets) == 1 and tickets[0].number == found.text:
        return redirect("desk:ticket", number=tickets[0].number)
    context["search"] = found
    # lists mask the caller, as every list does (DESIGN §11): nothing is audited here
    context["rows"] = [{"ticket": t, "caller": caller_view(t, actor, full=False)} for t in tickets]
    return render(request, "desk/search.html", context)
