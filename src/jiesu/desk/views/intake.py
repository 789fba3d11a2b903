"""The intake desk (受理): a call or a message becomes a ticket."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from jiesu.catalogue.models import Category
from jiesu.core.errors import JiesuError
from jiesu.organisation.actor import actor_for
from jiesu.organisation.models import Region
from jiesu.tickets import actions

from ..forms import IntakeForm


def _intake_form(data=None):
    regions = list(Region.objects.order_by("code").values_list("code", "name"))
    categories = list(
        Category.objects.filter(active=True, parent__isnull=False)
        .order_by("code")
        .values_list("code", "name")
    )
    return IntakeForm(data, regions=regions, categories=categories)


@login_required
def intake(request):
    actor = actor_for(request.user)
    form = _intake_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = actions.IntakeData(
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
        )
        try:
            ticket = actions.intake_ticket(data, actor=actor)
        except JiesuError as exc:
            form.add_error(None, f"{exc.message}（{exc.code}）")
        else:
            messages.success(request, f"已受理，工单编号 {ticket.number}。")
            return redirect("desk:ticket", number=ticket.number)
    return render(request, "desk/intake.html", {"actor": actor, "form": form})
