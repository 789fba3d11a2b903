"""Test builders shared by every app's tests: the demo city's named people, an API client that
speaks as one of them, ``make_ticket(**over)``, fixed Shanghai times, a ticket driven along the
loop (dispatched, answered, replied) and small readers of its event log. No app's tests import
another app's test modules: what they share lives here."""

from __future__ import annotations

import itertools
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
from jiesu.tickets.models import Assignment, Callback, Event, Reply, Ticket

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
        self.token = staff_token(username)
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


_phones = itertools.count(1)


def fresh_phone() -> str:
    """A phone number not used before in the test run: three tickets from one phone within 30
    days make the next one a key request (一人多次), which changes its review chain."""
    return f"1390{next(_phones):07d}"


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


def kinds(ticket: Ticket | str, after: int = 0) -> list[str]:
    """The ticket's event kinds in order, skipping the first ``after``."""
    number = ticket.number if isinstance(ticket, Ticket) else ticket
    return list(
        Event.objects.filter(ticket__number=number).order_by("id").values_list("kind", flat=True)
    )[after:]


def counts() -> tuple[int, int, int, int]:
    """How many tickets, assignments, replies and events exist: a refused request changes none."""
    return (
        Ticket.objects.count(),
        Assignment.objects.count(),
        Reply.objects.count(),
        Event.objects.count(),
    )


def last_event(number: str, kind: str) -> Event:
    return Event.objects.filter(ticket__number=number, kind=kind).order_by("-id").first()


# --- the citizen portal -----------------------------------------------------------------------


def portal_form(client: Client, **over: Any) -> dict[str, Any]:
    """A filled-in submission form of /portal/ with its bot check answered (read from the signed
    token the page carries, as only the server could)."""
    from django.core import signing

    page = client.get("/portal/").content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    fields: dict[str, Any] = {
        "appeal_type": "complaint",
        "content": "花湖小区3栋楼道灯坏了三个月，物业一直不修。",
        "happened_at": "2026-11-20T19:30",
        "region": "huangshi",
        "address": "黄石港区花湖小区3栋",
        "caller_name": "王女士",
        "caller_phone": "13900001111",
        "token": token,
        "challenge": str(signing.loads(token, salt="jiesu.portal.challenge")),
        "website": "",
    }
    fields.update(over)
    return fields


# --- integrations -----------------------------------------------------------------------------


def integration_key(
    name: str = "城市APP", scopes: tuple[str, ...] = ("submit", "read_own"), **over: Any
) -> str:
    """A new integration key's raw value (``jiesu integration create``)."""
    from jiesu.integrations.actions import create_key

    return create_key(name, scopes=list(scopes), **over)[1]


def staff_token(username: str) -> str:
    """A user's API token (``jiesu token create``)."""
    return create_token(get_user_model().objects.get(username=username), name="test")


# --- knowledge base: a small gazette as PDF extraction leaves it -------------------------------

#: Two documents: line breaks mid-sentence, a blank line between the pieces, a page header and
#: footer in the middle of a sentence, a line in a broken font, an attachment line.
GAZETTE = """ 市人民政府办公室
关于印发《测试市超龄从业人员参加工伤
保险办法》的通知

测政办发〔2025〕7号

各区人民政府，市政府各部门：

《测试市超龄从业人员参加工伤保险办法》

已经市人民政府同意，现印发给你们，请认真贯彻落实。

附件：测试市超龄从业人员参保登记表

测试市人民政府办公室

2025年3月1日

第一条 用人单位可以为超过法定退

休年龄的从业人员单独参加工伤保险，

测试市人民政府公报  2025.3                       市政府文件

- 12 -

由用人单位缴纳工伤保险费，个人不缴费。

Јɞ ╥Ӊ

第二条 超龄从业人员发生工伤的，按照

工伤保险条例享受待遇。

 市交通运输局
关于出租汽车经营权
有偿使用的通知

测交发〔2025〕3号

各区交通运输局：

出租汽车经营权一律实行期限制，经营

期限为八年，期满后重新授予。

测试市交通运输局

2025年4月2日
"""


def gazette_bytes(**replace: str) -> bytes:
    """The gazette, with some words replaced (a new version of a document)."""
    text = GAZETTE
    for old, new in replace.items():
        text = text.replace(old, new)
    return text.encode("utf-8")


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF holding ASCII ``lines`` (Helvetica), written by hand: no PDF library."""
    stream = (
        "BT /F1 12 Tf 72 720 Td 14 TL "
        + " ".join("(" + line.replace("(", "[").replace(")", "]") + ") '" for line in lines)
        + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("latin-1")
    out += b"".join(f"{o:010d} 00000 n \n".encode("latin-1") for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode(
            "latin-1"
        )
    )
    return out


# --- assessment histories: rows with known outcomes, written directly -------------------------


def assignment_record(
    *,
    unit: str,
    dispatched_at: datetime,
    sign_deadline: datetime,
    answer_deadline: datetime,
    signed_at: datetime | None = None,
    answered_at: datetime | None = None,
    status: str = AssignmentStatus.HANDLING,
    role: str = "main",
    ticket: Ticket | None = None,
    extension_days: int = 0,
) -> Assignment:
    """An assignment with exactly these clocks, for the rates' tests (the loop's own tests check
    that the actions keep these columns)."""
    if ticket is None:
        ticket = make_ticket(now=dispatched_at, anonymous=True, caller_phone="")
    return Assignment.objects.create(
        ticket=ticket,
        unit=Unit.objects.get(code=unit),
        role=role,
        status=status,
        dispatched_at=dispatched_at,
        clock_started_at=dispatched_at,
        sign_deadline=sign_deadline,
        answer_deadline=answer_deadline,
        signed_at=signed_at,
        answered_at=answered_at,
        extension_days=extension_days,
    )


def callback_record(*, unit: str | None, result: str, at: datetime) -> Callback:
    ticket = make_ticket(now=at, anonymous=True, caller_phone="")
    return Callback.objects.create(
        ticket=ticket,
        main_unit=Unit.objects.get(code=unit) if unit else None,
        result=result,
        at=at,
    )


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
