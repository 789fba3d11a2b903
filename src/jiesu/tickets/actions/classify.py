"""Classification by the platform: dispatch class (R4) and handling track (R5).

Intake only suggests (``intake.suggest_class_and_track``) and may propose class C for a repeat
caller (``Ticket.proposed_class``); the platform decides here, which settles the proposal. Class
C (a key request, 一人多次/一事多人) marks the ticket a key request, so that replies then need
the unit's deputy leader (R16); taking C away ends it. D (divert elsewhere, R12) is only for a
ticket not yet dispatched: once a unit holds it, D would leave the unit's work open.

The category (派单目录, R6) is changed on its own (``change_category``): it names the routes the
catalogue proposes at the next dispatch (a first one, or anew after a return) and the time limit
a legal or promised limit gives the next assignments; the open assignments keep their clocks.

The track is a rule for the clocks (decision 0012): moving onto the fast track (联动快办) marks
the ticket urgent and puts its open assignments on hour clocks; moving to any other track except
``online`` (nothing to clock) clears it and puts them back on working days.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.catalogue.models import Category
from jiesu.core.errors import Conflict, ValidationFailed
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import events, workflow
from jiesu.tickets.actions.recompute import switch_clocks
from jiesu.tickets.choices import DispatchClass, TicketStatus, Track
from jiesu.tickets.models import Ticket
from jiesu.tickets.queries import locked_ticket


def classify_ticket(
    number: str,
    *,
    dispatch_class: str,
    track: str,
    actor: Actor,
    now: datetime | None = None,
) -> Ticket:
    permissions.require(actor, "classify")
    if dispatch_class not in DispatchClass.values:
        raise ValidationFailed(
            "invalid_dispatch_class",
            _("未知的派单分类：%(dispatch_class)s（应为 A、B、C 或 D）。")
            % {"dispatch_class": dispatch_class},
            field="dispatch_class",
        )
    if track not in Track.values:
        raise ValidationFailed(
            "invalid_track", _("未知的办理类别：%(track)s。") % {"track": track}, field="track"
        )
    now = now or timezone.now()
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "classify", ticket)
        workflow.target(ticket, "classify")
        if dispatch_class == DispatchClass.D and ticket.status != TicketStatus.ACCEPTED:
            raise Conflict(
                "class_d_after_dispatch",
                _(
                    "工单已派单，不能改为D类：D类（不属12345受理范围，分流至其他渠道）只用于派单前的工单（R12）。"
                ),
                rule="R12",
            )
        before = _classification(ticket)
        unchanged = (ticket.dispatch_class, ticket.track) == (dispatch_class, track)
        if unchanged and not ticket.proposed_class:  # settling a proposal is a change
            raise ValidationFailed(
                "classification_unchanged", _("分类与办理类别均未改变。"), field="dispatch_class"
            )
        ticket.dispatch_class, ticket.track, ticket.proposed_class = dispatch_class, track, ""
        ticket.key_request = dispatch_class == DispatchClass.C
        if track != Track.ONLINE:
            ticket.urgent = track == Track.FAST
        ticket.save(
            update_fields=["dispatch_class", "track", "proposed_class", "key_request", "urgent"]
        )
        after = _classification(ticket)
        events.classified(ticket, actor=actor, at=now, from_=before, to=after)
        if before["urgent"] != after["urgent"]:
            switch_clocks(ticket, urgent=ticket.urgent, actor=actor, now=now)
    return ticket


def _classification(ticket: Ticket) -> dict:
    return {
        "dispatch_class": ticket.dispatch_class,
        "track": ticket.track,
        "key_request": ticket.key_request,
        "urgent": ticket.urgent,
        "proposed_class": ticket.proposed_class,
    }


def change_category(
    number: str, *, category: str, actor: Actor, now: datetime | None = None
) -> Ticket:
    """Put the ticket under another item of the dispatch catalogue (R6), e.g. when the operator
    chose the wrong one at intake; platform staff (the ``classify`` verb), on an open ticket."""
    permissions.require(actor, "classify")
    code = (category or "").strip()
    item = Category.objects.filter(code=code, active=True, parent__isnull=False).first()
    if item is None:
        raise ValidationFailed(
            "unknown_category",
            _("未知的派单目录编码：%(code)s。") % {"code": code or _("（空）")},
            field="category",
        )
    now = now or timezone.now()
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "classify", ticket)
        workflow.target(ticket, "change_category")
        if ticket.category_id == item.pk:
            raise ValidationFailed(
                "category_unchanged",
                _("派单目录已是「%(name)s」。") % {"name": item.name},
                field="category",
            )
        before = ticket.category.code if ticket.category is not None else None
        ticket.category = item
        ticket.save(update_fields=["category"])
        events.category_changed(ticket, actor=actor, at=now, from_=before, to=item.code)
    return ticket
