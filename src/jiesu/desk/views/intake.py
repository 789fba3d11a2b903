"""The intake desk (受理): a call or a message becomes a ticket, in under a minute.

The page is the form (``desk/intake_forms.py``) with, beside it, the caller's earlier tickets
(an htmx partial asked for while the phone number is typed) and the slots that the
intelligence and knowledge issues fill. The draft lives in the browser (``desk/intake.js``): it
survives an expired session and an error; the id of a draft that became a ticket is kept in the
session so that the page clears it next time.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.audit.actions import record_personal_data_read
from jiesu.audit.choices import ReadChannel
from jiesu.catalogue.queries import category_choices
from jiesu.core.errors import JiesuError
from jiesu.organisation import permissions
from jiesu.organisation.actor import actor_for
from jiesu.organisation.models import Region
from jiesu.tickets import actions, queries
from jiesu.tickets.actions.intake import normalise_phone
from jiesu.tickets.serializers import caller as caller_view

from ..intake_forms import IntakeForm

#: How many earlier tickets of a caller the side panel shows.
CALLER_HISTORY = 10
#: The drafts that became tickets, remembered in the session (newest last).
DONE_DRAFTS = 5


def _intake_form(data=None):
    regions = list(Region.objects.order_by("code").values_list("code", "name"))
    form = IntakeForm(data, regions=regions, categories=category_choices())
    form.ask_caller_history(reverse("desk:intake_caller"))
    return form


def _intake_data(d: dict) -> actions.IntakeData:
    return actions.IntakeData(
        channel=d["channel"],
        subject=d["subject"],
        content=d["content"],
        appeal_type=d["appeal_type"],
        caller_name=d["caller_name"],
        caller_phone=d["caller_phone"],
        anonymous=d["anonymous"],
        confidential=d["confidential"],
        urgent=d["urgent"],
        enterprise=d["enterprise"],
        region=d["region"] or None,
        address=d["address"],
        category=d["category"] or None,
        accepted_unit=d["main_unit"] or None,
        accepted_primary=d["merge_into"] or None,
    )


@login_required
def intake(request):
    actor = actor_for(request.user)
    form = _intake_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = actions.intake_ticket(_intake_data(form.cleaned_data), actor=actor)
        except JiesuError as exc:
            form.add_action_error(exc)
        else:
            draft = request.POST.get("draft_id", "")[:40]
            if draft:
                done = request.session.get("intake_done_drafts", [])
                request.session["intake_done_drafts"] = [*done, draft][-DONE_DRAFTS:]
            messages.success(
                request, _("已受理，工单编号 %(number)s。") % {"number": ticket.number}
            )
            return redirect("desk:ticket", ticket.number)
    context = {
        "actor": actor,
        "form": form,
        "done_drafts": request.session.get("intake_done_drafts", []),
        "history": _caller_history(actor, request.POST.get("caller_phone", "")),
    }
    return render(request, "desk/intake.html", context)


def _caller_history(actor, raw_phone: str) -> dict:
    """The caller's earlier tickets that ``actor`` may see, newest first. Platform staff see the
    callers unmasked, and each ticket so shown is written to the personal-data audit log."""
    try:
        phone = normalise_phone(raw_phone)
    except JiesuError:
        phone = ""
    if len(phone) < 7:
        return {"phone": phone, "rows": None}
    tickets = list(
        queries.visible_tickets(actor)
        .filter(caller_phone=phone)
        .select_related("category", "region")
        .order_by("-created_at", "-id")[:CALLER_HISTORY]
    )
    now = timezone.now()
    rows = []
    for ticket in tickets:
        record_personal_data_read(actor=actor, ticket=ticket, channel=ReadChannel.DESK, now=now)
        rows.append({"ticket": ticket, "caller": caller_view(ticket, actor, full=True)})
    return {"phone": phone, "rows": rows}


@login_required
def caller_history(request):
    """The side panel of earlier tickets, for htmx while the phone number is typed."""
    actor = actor_for(request.user)
    try:
        permissions.require(actor, "intake")
    except JiesuError as exc:
        return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=exc.status)
    history = _caller_history(actor, request.GET.get("caller_phone", ""))
    return render(request, "desk/partials/intake_caller.html", {"history": history})
