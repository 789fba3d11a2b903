"""重点工单案例 of the weekly report (R9, the plan's key-case section): the tickets of the week
that leadership should read one by one — taken in as C-class (提级办理), escalated, supervised
(督办), with a leader's instruction (批示件), or called back unsatisfied again (反复不满意)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.tickets.choices import AssignmentRole, CallbackResult, DispatchClass, EventKind
from jiesu.tickets.models import Assignment, Callback, Event, Ticket

LIMIT = 30

#: What makes a ticket a key case, in the order the report names the reasons.
REASONS = {
    "c_class": gettext_lazy("C类提级办理"),
    EventKind.ESCALATED: gettext_lazy("提级协调"),
    EventKind.SUPERVISION_OPENED: gettext_lazy("督办"),
    EventKind.INSTRUCTION: gettext_lazy("领导批示"),
    "repeat_unsatisfied": gettext_lazy("反复不满意"),
}


def key_cases(start: datetime, end: datetime) -> list[dict[str, Any]]:
    """The key cases of [start, end): four small reads, then the tickets themselves."""
    reasons: dict[int, set[str]] = {}

    def mark(ticket_ids, reason: str) -> None:
        for ticket_id in ticket_ids:
            reasons.setdefault(ticket_id, set()).add(reason)

    mark(
        Ticket.objects.filter(
            created_at__gte=start, created_at__lt=end, dispatch_class=DispatchClass.C
        ).values_list("id", flat=True)[: LIMIT * 4],
        "c_class",
    )
    kinds = (EventKind.ESCALATED, EventKind.SUPERVISION_OPENED, EventKind.INSTRUCTION)
    for ticket_id, kind in Event.objects.filter(
        at__gte=start, at__lt=end, kind__in=kinds
    ).values_list("ticket_id", "kind")[: LIMIT * 12]:
        mark([ticket_id], kind)
    unhappy_now = Callback.objects.filter(
        at__gte=start, at__lt=end, result=CallbackResult.UNSATISFIED
    ).values("ticket_id")
    mark(
        Callback.objects.filter(ticket_id__in=unhappy_now, result=CallbackResult.UNSATISFIED)
        .values("ticket_id")
        .annotate(n=Count("id"))
        .filter(n__gte=settings.JIESU_REPEAT_UNSATISFIED_MIN)
        .values_list("ticket_id", flat=True)[: LIMIT * 4],
        "repeat_unsatisfied",
    )
    order = list(REASONS)
    ranked = sorted(reasons, key=lambda pk: (-len(reasons[pk]), pk))[:LIMIT]
    tickets = Ticket.objects.select_related("category", "region").in_bulk(ranked)
    mains = {
        a.ticket_id: a.unit
        for a in Assignment.objects.filter(
            ticket_id__in=ranked, role=AssignmentRole.MAIN, parent__isnull=True
        )
        .select_related("unit")
        .order_by("id")
    }
    return [
        {
            "number": tickets[pk].number,
            "subject": tickets[pk].subject,
            "category_name": tickets[pk].category.name if tickets[pk].category else _("未分类"),
            "region_name": tickets[pk].region.name,
            "status_label": tickets[pk].get_status_display(),
            "main_unit": mains[pk].name if pk in mains else "—",
            "main_unit_code": mains[pk].code if pk in mains else "",
            "reasons": "、".join(str(REASONS[r]) for r in sorted(reasons[pk], key=order.index)),
        }
        for pk in ranked
        if pk in tickets
    ]
