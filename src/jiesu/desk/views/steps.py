"""The one view of every step of the ticket page (the rows of ``desk.steps``): fetch what the
step acts on through the API's permission-checked accessor, ask the permission module for the
role's verb, bind the step's form, call the API's action.

A bad input, or a refusal that names a field, comes back on the page (400) next to that field,
with what was typed kept and nothing changed (the action's transaction); a refusal of the step
itself (403, 409) is a message at the top of the ticket page; what the person cannot see is the
404 page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from jiesu.core.errors import JiesuError, NotFound
from jiesu.organisation import permissions
from jiesu.organisation.actor import actor_for

from ..steps import ROWS, TARGETS, Step


def _refused(request, number: str, exc: JiesuError):
    messages.error(request, f"{exc.message}（{exc.code}）")
    return redirect("desk:ticket", number=number)


def step_view(step: Step):
    @login_required
    @require_POST
    def view(request, number: str, pk: int | None = None):
        from .tickets import render_ticket  # the page re-rendered with this form bound

        actor = actor_for(request.user)
        try:
            TARGETS[step.on].fetch(actor, number, pk)
            if step.verb:  # the role's own verb, refused as in the API before the form is read
                permissions.require(actor, step.verb)
        except NotFound as exc:
            return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=404)
        except JiesuError as exc:  # not this person's step at all: nothing typed is worth keeping
            return _refused(request, number, exc)
        form = step.bind(actor, pk, request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            yes = request.POST.get("approve") == "1" if step.choice else None
            if step.choice:
                data[step.choice] = yes
            try:
                step.act(number if pk is None else pk, **data, actor=actor)
            except NotFound as exc:
                return render(
                    request, "desk/error.html", {"actor": actor, "error": exc}, status=404
                )
            except JiesuError as exc:
                name = exc.details.get("field")
                if name in form.fields:
                    form.add_error(name, exc.message)
                elif exc.status in (403, 409):
                    # a refusal of the step itself (not yours to do, not in this state): said at
                    # the top of the ticket page, where it is seen even when the form is gone
                    return _refused(request, number, exc)
                else:  # bad input the form could not see: above the form, what was typed kept
                    form.add_error(None, f"{exc.message}（{exc.code}）")
            else:
                messages.success(request, step.message(yes, data))
                return redirect("desk:ticket", number=number)
        return render_ticket(request, number, bound={step.key(pk): form}, status=400)

    view.__name__ = step.name
    return view


def urlpatterns(ticket: str) -> list:
    """One URL per row, under the ticket's own (``ticket``)."""
    return [path(ticket + step.route(), step_view(step), name=step.name) for step in ROWS]
