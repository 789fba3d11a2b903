"""What every desk view shares: acting on a ticket through a permission-checked accessor and
turning the refusal into a message or the 404 page, and reading a posted form."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from jiesu.core.errors import JiesuError, NotFound
from jiesu.organisation.actor import actor_for


def run_action(request, number: str, fetch, fn, ok: str):
    """Fetch through the permission-checked accessor (``fetch``), then act. What the person
    cannot see is the 404 page, as in the API; any other refusal comes back as a message."""
    actor = actor_for(request.user)
    try:
        fetch(actor)
        fn(actor)
    except NotFound as exc:
        return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=exc.status)
    except JiesuError as exc:
        messages.error(request, f"{exc.message}（{exc.code}）")
    else:
        messages.success(request, ok)
    return redirect("desk:ticket", number=number)


def form_data(form_class, request):
    form = form_class(request.POST)
    return form.cleaned_data if form.is_valid() else {}
