"""A case handed over through the "101" channel reports back: when its ticket closes, the
answer the company rated becomes the diverted hotline ticket's external result (R12), which
closes it — in the same transaction as the close."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jiesu.diversion.actions import sync_result_in_process
from jiesu.enterprise.models import EnterpriseCase
from jiesu.organisation.actor import SYSTEM, actor_for
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Event


def case_event_written(event: Event) -> None:
    if event.kind != EventKind.CLOSED:
        return
    case = EnterpriseCase.objects.filter(ticket_id=event.ticket_id, origin__isnull=False).first()
    if case is None or case.origin_id is None:
        return
    ticket = event.ticket
    answer = ticket.answer or _("企业综合服务中心（兜底办）已办结。")
    sync_result_in_process(
        case.origin_id,
        result=_("企业综合服务中心（兜底办）办理结果（%(number)s）：%(answer)s")
        % {"number": ticket.number, "answer": answer},
        actor=SYSTEM if event.actor is None else actor_for(event.actor),
        now=event.at,
    )
