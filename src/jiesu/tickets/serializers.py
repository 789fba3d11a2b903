"""Plain dicts for the API: times in Asia/Shanghai (+08:00), personal data masked for units."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.organisation.actor import Actor
from jiesu.organisation.permissions import sees_caller
from jiesu.tickets.choices import OPEN_ASSIGNMENT_STATUSES
from jiesu.tickets.models import Assignment, Event, Reply, Ticket
from jiesu.workdays.loader import get_calendar


def local(dt: datetime | None) -> datetime | None:
    return timezone.localtime(dt) if dt is not None else None


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


def mask_name(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def _platform_view(actor: Actor) -> bool:
    return sees_caller(actor)


def shows_personal_data(ticket: Ticket, actor: Actor) -> bool:
    """Whether the full view of ``ticket`` shows ``actor`` the caller's name and phone unmasked.
    Every such showing is written to the audit log (``jiesu.audit``); lists never are."""
    return (
        not ticket.anonymous
        and _platform_view(actor)
        and bool(ticket.caller_name or ticket.caller_phone)
    )


def caller(ticket: Ticket, actor: Actor, *, full: bool = True) -> dict:
    """A confidential caller is hidden from handling units; lists always mask (DESIGN §11)."""
    if ticket.anonymous:
        return {"name": _("匿名"), "phone": "", "hidden": True}
    platform_view = _platform_view(actor)
    if ticket.confidential and not platform_view:
        return {"name": _("保密"), "phone": "", "hidden": True}
    if full and platform_view:
        return {"name": ticket.caller_name, "phone": ticket.caller_phone, "hidden": False}
    return {
        "name": mask_name(ticket.caller_name),
        "phone": mask_phone(ticket.caller_phone),
        "hidden": False,
    }


def assignment_dict(a: Assignment, now: datetime) -> dict:
    open_ = a.status in OPEN_ASSIGNMENT_STATUSES
    late_days = 0.0
    if open_ and a.answer_deadline < now:
        late_days = round(get_calendar().working_days_between(a.answer_deadline, now), 2)
    return {
        "id": a.pk,
        "unit": a.unit.code,
        "unit_name": a.unit.name,
        "role": a.role,
        "role_label": a.get_role_display(),
        "status": a.status,
        "status_label": a.get_status_display(),
        "parent": a.parent_id,
        "dispatched_at": local(a.dispatched_at),
        "sign_deadline": local(a.sign_deadline),
        "answer_deadline": local(a.answer_deadline),
        "signed_at": local(a.signed_at),
        "answered_at": local(a.answered_at),
        "extension_days": a.extension_days,
        "sign_overdue": a.signed_at is None
        and a.status == "pending_sign"
        and a.sign_deadline < now
        or (a.signed_at is not None and a.signed_at > a.sign_deadline),
        "answer_overdue": (open_ and a.answer_deadline < now)
        or (a.answered_at is not None and a.answered_at > a.answer_deadline),
        "overdue_working_days": late_days,
    }


def ticket_dict(
    ticket: Ticket,
    actor: Actor,
    now: datetime,
    *,
    assignments: list[Assignment] | None = None,
    full: bool = True,
) -> dict:
    data = {
        "number": ticket.number,
        "status": ticket.status,
        "status_label": ticket.get_status_display(),
        "channel": ticket.channel,
        "caller": caller(ticket, actor, full=full),
        "anonymous": ticket.anonymous,
        "confidential": ticket.confidential,
        "subject": ticket.subject,
        "appeal_type": ticket.appeal_type,
        "urgent": ticket.urgent,
        "enterprise": ticket.enterprise,
        "region": ticket.region.code,
        "address": ticket.address,
        "lat": ticket.lat,
        "lon": ticket.lon,
        "category": ticket.category.code if ticket.category_id else None,
        "dispatch_class": ticket.dispatch_class,
        "track": ticket.track,
        "proposed_class": ticket.proposed_class,
        "key_request": ticket.key_request,
        "awaiting_callback": ticket.awaiting_callback,
        "supervised": ticket.supervised,
        "primary": ticket.primary.number if ticket.primary_id else None,
        "created_at": local(ticket.created_at),
        "closed_at": local(ticket.closed_at),
    }
    if full:
        data["content"] = ticket.content
        data["answer"] = ticket.answer
        data["merged_into"] = merged_into(ticket)
        if data["merged_into"] is not None:
            data["answer"] = data["merged_into"]["answer"]
        data["query_code"] = (
            ticket.query_code
            if (sees_caller(actor) or actor.user_id == ticket.created_by_id)
            else None
        )
        data["assignments"] = [assignment_dict(a, now) for a in (assignments or [])]
        data["accepted_unit"] = ticket.accepted_unit.code if ticket.accepted_unit_id else None
        data["accepted_primary"] = (
            ticket.accepted_primary.number if ticket.accepted_primary_id else None
        )
    return data


def merged_into(ticket: Ticket) -> dict | None:
    """A merged ticket shows its primary's status and answer: every caller gets it (R20)."""
    if ticket.primary_id is None:
        return None
    primary = ticket.primary
    return {
        "number": primary.number,
        "status": primary.status,
        "status_label": primary.get_status_display(),
        "answer": primary.answer,
        "closed_at": local(primary.closed_at),
    }


def reply_dict(reply: Reply) -> dict:
    return {
        "id": reply.pk,
        "assignment": reply.assignment_id,
        "content": reply.content,
        "status": reply.status,
        "levels": reply.levels,
        "current_level": reply.current_level if reply.status == "in_review" else None,
        "created_at": local(reply.created_at),
        "decided_at": local(reply.decided_at),
    }


def event_dict(e: Event) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "label": e.get_kind_display(),
        "at": local(e.at),
        "actor": e.actor_name,
        "role": e.actor_role,
        "unit": e.actor_unit.code if e.actor_unit_id else None,
        "assignment": e.assignment_id,
        "data": e.data,
    }
