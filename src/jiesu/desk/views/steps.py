"""One shape for every step of the ticket page: bind the step's form, fetch what it acts on
through the API's permission-checked accessor, call the API's action. A bad input or a refusal
that names a field comes back on the page (400), next to that field, with what was typed kept
and nothing changed (the action's transaction); a refusal of the step itself is a message at
the top of the ticket page; what the person cannot see is the 404 page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jiesu.core.errors import JiesuError, NotFound
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor, actor_for
from jiesu.tickets.queries import get_ticket_for_user

Fetch = Callable[[Actor], Any]
Act = Callable[[Actor, dict], Any]


def step(
    request,
    number: str,
    key: str,
    form: forms.Form,
    fetch: Fetch,
    act: Act,
    ok: str,
    **form_kwargs,
):
    from .tickets import render_ticket  # the page re-rendered with this form bound

    actor = actor_for(request.user)
    try:
        fetch(actor)
    except NotFound as exc:
        return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=404)
    except JiesuError as exc:  # not this person's step at all: nothing typed is worth keeping
        messages.error(request, f"{exc.message}（{exc.code}）")
        return redirect("desk:ticket", number=number)
    if form.is_valid():
        try:
            act(actor, form.cleaned_data)
        except NotFound as exc:
            return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=404)
        except JiesuError as exc:
            name = exc.details.get("field")
            if name == "file" or name in form.fields:
                form.add_error(name if name in form.fields else None, exc.message)
            elif exc.status in (403, 409):
                # a refusal of the step itself (not yours to do, not in this state): said at
                # the top of the ticket page, where it is seen even when the form is not offered
                messages.error(request, f"{exc.message}（{exc.code}）")
                return redirect("desk:ticket", number=number)
            else:  # bad input the form could not see: next to the form, what was typed kept
                form.add_error(None, f"{exc.message}（{exc.code}）")
        else:
            messages.success(request, ok)
            return redirect("desk:ticket", number=number)
    return render_ticket(request, number, bound={key: form}, status=400)


def approved(request) -> bool:
    """Which of the two buttons (通过/退回重办, 同意/不同意) was pressed."""
    return request.POST.get("approve") == "1"


def _allowed(actor: Actor, key: str) -> None:
    """The role's own verbs are checked before the form (a role without the verb is refused as
    in the API); the steps that are not role verbs are checked by their action."""
    if key in permissions.VERBS:
        permissions.require(actor, key)


def ticket_step(
    key: str,
    form_class: type[forms.Form],
    action: Callable[..., Any],
    ok: str,
    units: Callable[[Any], list[tuple[str, str]]] | None = None,
):
    """A step on the ticket itself, fetched with ``get_ticket_for_user`` and allowed to this
    person's role (``permissions.require(actor, key)``) before its form is read: the form's fields are
    named like the action's keyword arguments, so the view calls ``action(number, **data,
    actor=actor)``; ``units(request)`` gives a form with unit fields its choices."""

    @login_required
    @require_POST
    def view(request, number: str):
        kwargs = {"units": units(request)} if units else {}
        return step(
            request,
            number,
            key,
            form_class(request.POST, prefix=key, **kwargs),
            lambda actor: (get_ticket_for_user(actor, number), _allowed(actor, key)),
            lambda actor, d: action(number, **d, actor=actor),
            ok,
        )

    return view
