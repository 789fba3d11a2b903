"""Test builders shared by every app's tests: the demo city's named people, an API client that
speaks as one of them, ``make_ticket(**over)``, fixed Shanghai times, a ticket driven along the
loop (dispatched, answered, replied) and small readers of its event log. No app's tests import
another app's test modules: what they share lives here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.organisation.actor import Actor, actor_for
from jiesu.organisation.auth import create_token
from jiesu.organisation.models import Membership, Unit
from jiesu.tickets import actions
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.choices import AssignmentStatus, ReplyStatus
from jiesu.tickets.models import Event, Ticket

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 6, 23, 9, 0, tzinfo=SH)  # a Monday


def sh(*args: int) -> datetime:
    """An aware Asia/Shanghai datetime: sh(2025, 9, 26, 15) is 2025-09-26 15:00+08:00."""
    return datetime(*args, tzinfo=SH)


def person(username: str) -> Actor:
    return actor_for(
        get_user_model().objects.select_related("membership__unit__region").get(username=username)
    )


def add_person(username: str, role: str, unit_code: str | None) -> Actor:
    """A person beyond the demo set, e.g. an outsider from another unit."""
    user = get_user_model().objects.create_user(username=username, password="x-test-password")
    Membership.objects.create(
        user=user, role=role, unit=Unit.objects.get(code=unit_code) if unit_code else None
    )
    return person(username)


@dataclass
class ApiResponse:
    status: int
    body: Any


class ApiClient:
    """Calls /api/v1 with a real bearer token of ``username``."""

    def __init__(self, username: str):
        self.token = create_token(get_user_model().objects.get(username=username), name="test")
        self.client = Client()

    def _call(self, method: str, path: str, body: Any = None) -> ApiResponse:
        kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        response = getattr(self.client, method)("/api/v1" + path, **kwargs)
        return ApiResponse(response.status_code, response.json() if response.content else None)

    def get(self, path: str) -> ApiResponse:
        return self._call("get", path)

    def post(self, path: str, body: Any = None) -> ApiResponse:
        return self._call("post", path, body if body is not None else {})


def intake_data(**over: Any) -> actions.IntakeData:
    fields: dict[str, Any] = {
        "channel": "phone",
        "subject": "小区楼道灯长期不亮",
        "content": "花湖小区3栋楼道灯坏了三个月，物业一直不修。",
        "appeal_type": "complaint",
        "caller_name": "张三",
        "caller_phone": "13800138000",
        "region": "huangshi",
        "category": "urban-property",
    }
    fields.update(over)
    return actions.IntakeData(**fields)


def make_ticket(*, by: str = "operator", now: datetime | None = None, **over: Any) -> Ticket:
    return actions.intake_ticket(intake_data(**over), actor=person(by), now=now)


# --- a ticket along the loop, on whatever clock the test froze (actions read ``timezone.now()``) --

REVIEWERS = {"section_head": "reviewer", "deputy_leader": "leader", "platform": "dispatcher"}


def dispatched(**over: Any) -> Ticket:
    """A complaint about a property (物业) dispatched to city-housing by its catalogue route."""
    ticket = make_ticket(**over)
    actions.dispatch_ticket(ticket.number, main_unit=None, actor=person("dispatcher"))
    ticket.refresh_from_db()
    return ticket


def answer(ticket: Ticket, content: str = "已督促物业公司更换楼道灯，现已恢复照明。") -> None:
    """city-housing signs (if needed), replies, and every review level approves."""
    main = main_assignment(ticket)
    if main.status == AssignmentStatus.PENDING_SIGN:
        actions.sign_assignment(main.pk, actor=person("handler"))
    reply = actions.submit_reply(main.pk, content, actor=person("handler"))
    while reply.status == ReplyStatus.IN_REVIEW:
        reply = actions.review_reply(
            reply.pk, approve=True, actor=person(REVIEWERS[reply.current_level])
        )
    ticket.refresh_from_db()


def replied(**over: Any) -> Ticket:
    ticket = dispatched(**over)
    answer(ticket)
    return ticket


# --- readers of the record ------------------------------------------------------------------


def event_count(number: str) -> int:
    return Event.objects.filter(ticket__number=number).count()


def kinds(number: str) -> list[str]:
    return list(
        Event.objects.filter(ticket__number=number).order_by("id").values_list("kind", flat=True)
    )


def last_event(number: str, kind: str) -> Event:
    return Event.objects.filter(ticket__number=number, kind=kind).order_by("-id").first()


# --- the enterprise 兜底办 ---------------------------------------------------------------------

CREDIT_CODE = "91110000802100433B"  # a valid unified social credit code (GB 32100)


def case_data(**over: Any):
    from jiesu.enterprise.actions import CaseData, Company

    company = Company(
        name=over.pop("company_name", "黄石某新材料有限公司"),
        credit_code=over.pop("credit_code", CREDIT_CODE),
        contact_name=over.pop("contact_name", "李经理"),
        contact_phone=over.pop("contact_phone", "13972000000"),
    )
    fields: dict[str, Any] = {
        "company": company,
        "subject": "新型材料生产许可无对应审批部门",
        "content": "企业研发的新型复合材料无对应行业目录，办理生产许可时各部门均表示不归本部门管理。",
        "gap": "no_lead",
        "region": "huangshi",
    }
    fields.update(over)
    return CaseData(**fields)
