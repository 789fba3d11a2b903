"""What Open311 clients read, built from Jiesu's own data: services from the dispatch catalogue,
service definitions, requests (tickets) and their updates (the ticket's public events).

Internal states map to the specification's two values; the detail is in ``status_notes``
(the state's Chinese label, the main unit, and the approved answer once there is one)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.catalogue.models import Category
from jiesu.integrations.models import Open311Request
from jiesu.organisation.models import Region
from jiesu.tickets.choices import (
    AppealType,
    AssignmentRole,
    AssignmentStatus,
    EventKind,
    TicketStatus,
)
from jiesu.tickets.models import Assignment, Event, Reply, Ticket

OPEN, CLOSED = "open", "closed"
CLOSED_STATES = {TicketStatus.CLOSED, TicketStatus.MERGED, TicketStatus.DIVERTED}

#: the attributes every service takes (its service definition)
ATTRIBUTES = ("appeal_type", "region", "subject")


def iso(value: datetime | None) -> str | None:
    """W3C date-time in Asia/Shanghai, with its offset, as the specification asks."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def services() -> QuerySet[Category]:
    """The matters of the dispatch catalogue that take requests (active, with an industry)."""
    return (
        Category.objects.filter(active=True, parent__isnull=False)
        .select_related("parent")
        .order_by("code")
    )


def service(category: Category) -> dict:
    group = category.parent.name if category.parent else ""
    limit = (
        _("，法定/承诺时限%(legal_time_limit_days)s个工作日")
        % {"legal_time_limit_days": category.legal_time_limit_days}
        if category.legal_time_limit_days
        else ""
    )
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": _("%(group)s：%(name)s%(limit)s")
        % {"group": group, "name": category.name, "limit": limit},
        "metadata": True,
        "type": "realtime",
        "keywords": ",".join(k for k in (group, category.name) if k),
        "group": group,
    }


def definition(category: Category) -> dict:
    regions = Region.objects.order_by("code").values_list("code", "name")
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": "appeal_type",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("诉求类型，缺省为“求助”"),
                "order": 1,
                "description": _("诉求类型"),
                "values": [{"key": k, "name": str(v)} for k, v in AppealType.choices],
            },
            {
                "variable": True,
                "code": "region",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("诉求发生地所在区域，缺省为全市"),
                "order": 2,
                "description": _("所在区域"),
                "values": [{"key": k, "name": v} for k, v in regions],
            },
            {
                "variable": True,
                "code": "subject",
                "datatype": "string",
                "required": False,
                "datatype_description": _("不超过200字，缺省取描述的开头"),
                "order": 3,
                "description": _("标题"),
                "values": [],
            },
        ],
    }


def with_related(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return qs.select_related("category", "region", "primary", "open311")


def last_steps(tickets: list[Ticket]) -> dict[int, datetime]:
    """When each ticket last changed (its newest event), for one page in one query: grouped
    over the page's tickets only, never over the whole window."""
    rows = (
        Event.objects.filter(ticket_id__in=[t.pk for t in tickets])
        .values("ticket_id")
        .annotate(last=Max("at"))
        .values_list("ticket_id", "last")
    )
    return dict(rows)


def main_assignments(tickets: list[Ticket]) -> dict[int, Assignment]:
    """Each ticket's current top-hop main assignment (its primary's for a merged one), as
    ``callback.main_assignment`` finds it, in one query for the whole page."""
    owners = {t.pk: t.primary_id or t.pk for t in tickets}
    found: dict[int, Assignment] = {}
    rows = (
        Assignment.objects.select_related("unit")
        .filter(ticket_id__in=set(owners.values()), role=AssignmentRole.MAIN, parent__isnull=True)
        .exclude(status__in=[AssignmentStatus.RETURNED, AssignmentStatus.WITHDRAWN])
        .order_by("-id")
    )
    for row in rows:
        found.setdefault(row.ticket_id, row)
    return {pk: found[owner] for pk, owner in owners.items() if owner in found}


def status_of(ticket: Ticket) -> str:
    return CLOSED if ticket.status in CLOSED_STATES else OPEN


def status_notes(ticket: Ticket, unit: str) -> str:
    notes = ticket.get_status_display()
    if ticket.status == TicketStatus.MERGED and ticket.primary:
        notes += _("：已并入工单%(number)s") % {"number": ticket.primary.number}
    elif unit and ticket.status in (TicketStatus.DISPATCHED, TicketStatus.REHANDLING):
        notes += _("：%(unit)s办理中") % {"unit": unit}
    if ticket.answer and ticket.status != TicketStatus.MERGED:
        notes += _("。答复：%(answer)s") % {"answer": ticket.answer}
    return notes


#: what a reader without a key is not told: the caller's words, the place, media, the answer
PRIVATE = ("description", "address", "address_id", "lat", "long", "media_url")


def requests(tickets: list[Ticket], *, full: bool = True) -> list[dict]:
    """Tickets (from ``with_related``) as GeoReport service requests, in three queries whatever
    their number; without ``full``, the fields in ``PRIVATE`` are empty and ``status_notes`` is
    the state alone."""
    mains, updated = main_assignments(tickets), last_steps(tickets)
    rows = [request(ticket, mains.get(ticket.pk), updated.get(ticket.pk)) for ticket in tickets]
    if not full:
        for row, ticket in zip(rows, tickets, strict=True):
            row.update(dict.fromkeys(PRIVATE, None))
            row["status_notes"] = ticket.get_status_display()
    return rows


def request(ticket: Ticket, main: Assignment | None, updated: datetime | None) -> dict:
    unit = main.unit.name if main else ""
    try:
        extra: Open311Request | None = ticket.open311
    except Open311Request.DoesNotExist:
        extra = None
    return {
        "service_request_id": ticket.number,
        "status": status_of(ticket),
        "status_notes": status_notes(ticket, unit),
        "service_name": ticket.category.name if ticket.category else "",
        "service_code": ticket.category.code if ticket.category else "",
        "description": ticket.content,
        "agency_responsible": unit,
        "service_notice": "",
        "requested_datetime": iso(ticket.created_at),
        "updated_datetime": iso(updated or ticket.created_at),
        "expected_datetime": iso(main.answer_deadline) if main and not ticket.closed_at else None,
        "address": ticket.address,
        "address_id": extra.address_id if extra else "",
        "zipcode": "",
        "lat": ticket.lat,
        "long": ticket.lon,
        "media_url": extra.media_url if extra else "",
    }


#: the events an Open311 client is told about, and whether the request is closed after them
UPDATE_KINDS = {
    EventKind.INTAKE: OPEN,
    EventKind.DISPATCHED: OPEN,
    EventKind.ANSWERED_ONLINE: OPEN,
    EventKind.TICKET_REPLIED: OPEN,
    EventKind.REHANDLING: OPEN,
    EventKind.DIVERTED: CLOSED,
    EventKind.MERGED: CLOSED,
    EventKind.CLOSED: CLOSED,
}


def update(event: Event, replies: dict[int, str] | None) -> dict:
    """One step as a ``request_update``; with ``replies`` (a full reader), the answer too."""
    description = event.get_kind_display()
    answer = ""
    if replies is not None:
        answer = event.data.get("answer") or replies.get(event.data.get("reply") or 0, "")
    if answer:
        description = _("%(step)s：%(answer)s") % {"step": description, "answer": answer}
    return {
        "update_id": str(event.pk),
        "service_request_id": event.ticket.number,
        "status": UPDATE_KINDS[EventKind(event.kind)],
        "updated_datetime": iso(event.at),
        "description": description,
        "media_url": "",
    }


def reply_texts(events: list[Event]) -> dict[int, str]:
    """The approved replies the ``ticket_replied`` events point at, in one query."""
    ids = [e.data.get("reply") for e in events if e.kind == EventKind.TICKET_REPLIED]
    return dict(Reply.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "content"))
