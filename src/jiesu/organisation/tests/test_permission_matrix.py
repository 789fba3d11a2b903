"""The whole permission matrix, pinned: persona × action × ticket state, through the API's write
endpoints (all but the multipart statement upload, pinned in the handling tests) and the desk's
forms, against the roles table of docs/organisation.md (``organisation/permissions.py``).

Each test builds one state of the loop once, then tries every action of that state as every
persona, each attempt inside a savepoint that is rolled back, so that all start from the same
state. An outcome is ``ok`` (done), ``403`` (sees it, may not do it), ``404`` (cannot see it: the
same answer as for something that does not exist), ``409`` (a state conflict) or ``422``.

The grids read one row per action, one column per persona:

    op   operator (city platform)          di   dispatcher (city platform)
    co   county (hsg county platform)      ha/rv/le  handler/reviewer/leader of city-housing
    st/sh  street/street_head (hsg-st-1)   wa   water (hs-water)
    su   supervisor                        ci   citizen (took in nothing)
    ad   admin                             ou   an outsider: a handler of city-education
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client

from jiesu.testing.builders import ApiClient, add_person, make_ticket, person
from jiesu.tickets import actions
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.models import Assignment

T0 = datetime(2025, 6, 23, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday
PERSONAS = {
    "op": "operator",
    "di": "dispatcher",
    "co": "county",
    "ha": "handler",
    "rv": "reviewer",
    "le": "leader",
    "st": "street",
    "sh": "street_head",
    "wa": "water",
    "su": "supervisor",
    "ci": "citizen",
    "ad": "admin",
    "ou": "outsider",
}


INTAKE = {
    "channel": "phone",
    "subject": "楼道灯不亮",
    "content": "花湖小区3栋楼道灯坏了三个月。",
    "appeal_type": "complaint",
    "caller": {"name": "张三", "phone": "13800138000"},
    "category": "urban-property",
}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(city):
    add_person("outsider", "unit_handler", "city-education")
    users = get_user_model().objects
    apis, desks = {}, {}
    for key, username in PERSONAS.items():
        apis[key] = ApiClient(username)
        desks[key] = Client()
        desks[key].force_login(users.get(username=username))
    return apis, desks


def _api_outcome(response) -> str:
    return "ok" if response.status < 300 else str(response.status)


_CODE = re.compile(r"（([a-z_]+)）$")
_STATUS = {"forbidden": "403", "own_reply": "403", "own_request": "403", "state_conflict": "409"}


_REFUSAL = re.compile(r"（([a-z_]+)）</li>")
#: the ticket page's form prefix of each desk step (``desk/views``): the fields are named
#: ``<prefix>-<field>``; the two-button choice (``approve``) is not prefixed
_PREFIXES = [
    (re.compile(r"/a/(\d+)/reply/$"), "a{}-reply"),
    (re.compile(r"/r/(\d+)/review/$"), "p{}-review"),
    (re.compile(r"/dispatch/$"), "dispatch"),
    (re.compile(r"/answer-online/$"), "answer_online"),
    (re.compile(r"/callback/$"), "callback"),
]


def _desk_body(path: str, body: dict) -> dict:
    for pattern, prefix in _PREFIXES:
        if match := pattern.search(path):
            key = prefix.format(*match.groups())
            return {(k if k == "approve" else f"{key}-{k}"): v for k, v in body.items()}
    return body


def _desk_outcome(response) -> str:
    """404 not there; a redirect with a success message; or the page again (400) with the
    refusal's code next to the form — a field error without a code is bad input (422)."""
    if response.status_code == 404:
        return "404"
    if response.status_code == 400:
        refusal = _REFUSAL.search(response.content.decode())
        return _STATUS.get(refusal.group(1), "422") if refusal else "422"
    assert response.status_code == 302, response.status_code
    message = list(get_messages(response.wsgi_request))[-1]  # the one this post added
    if message.level_tag == "success":
        return "ok"
    code = _CODE.search(str(message)).group(1)
    return _STATUS.get(code, "422")


def attempt(people, key: str, channel: str, path: str, body: dict) -> str:
    """One try as persona ``key``, rolled back whatever it did."""
    apis, desks = people
    with transaction.atomic():
        if channel == "api":
            outcome = _api_outcome(apis[key].post(path, body))
        else:
            outcome = _desk_outcome(desks[key].post(path, _desk_body(path, body)))
        transaction.set_rollback(True)
    return outcome


def grid(people, rows: dict[str, tuple[str, str, dict]]) -> dict[str, str]:
    """The outcome of every (action, persona): ``{action: "ok ok 404 …"}`` in ``PERSONAS`` order."""
    return {
        action: " ".join(attempt(people, key, channel, path, body) for key in PERSONAS)
        for action, (channel, path, body) in rows.items()
    }


def expected(table: str) -> dict[str, str]:
    """A grid written as ``action  op di co …`` lines (the first line names the columns)."""
    header, *lines = [line.split() for line in table.strip().splitlines()]
    assert header == list(PERSONAS), header
    return {action: " ".join(cells) for action, *cells in lines}


def _dispatched(main_unit: str | None = None, **over):
    ticket = make_ticket(**over)
    actions.dispatch_ticket(ticket.number, main_unit=main_unit, actor=person("dispatcher"))
    ticket.refresh_from_db()
    return ticket, main_assignment(ticket)


def test_an_accepted_city_ticket(people):
    # given a complaint taken in by the city platform, and a consultation
    ticket = make_ticket()
    other = make_ticket()
    consult = make_ticket(appeal_type="consult_general")
    n = ticket.number
    rows = {
        "intake": ("api", "/tickets", INTAKE),
        "dispatch": ("api", f"/tickets/{n}/dispatch", {}),
        "answer_online": (
            "api",
            f"/tickets/{consult.number}/answer-online",
            {"answer": "可在市政务服务网办理。"},
        ),
        "classify": (
            "api",
            f"/tickets/{n}/classify",
            {"dispatch_class": "B", "track": "time_limited"},
        ),
        "merge": ("api", f"/tickets/{n}/merge", {"into": other.number}),
        "divert": ("api", f"/tickets/{n}/divert", {"channel": "police110", "reason": "警情"}),
        "supervise": (
            "api",
            f"/tickets/{n}/supervise",
            {"reason": "督办", "deadline": "2025-07-01T18:00:00+08:00"},
        ),
        "escalate": ("api", f"/tickets/{n}/escalate", {"reason": "提级"}),
        "instruction": (
            "api",
            f"/tickets/{n}/instructions",
            {"leader": "王市长", "content": "请抓紧办理。", "unit": "city-housing"},
        ),
        "clue": ("api", f"/tickets/{n}/clues", {"unit": "city-housing", "content": "推诿"}),
        "callback": ("api", f"/tickets/{n}/callback", {"result": "satisfied"}),
        "close": ("api", f"/tickets/{n}/close", {"reason": "办结"}),
        "desk_dispatch": ("desk", f"/desk/t/{n}/dispatch/", {"main_unit": "", "assist_units": ""}),
        "desk_answer": (
            "desk",
            f"/desk/t/{consult.number}/answer-online/",
            {"answer": "可在市政务服务网办理。"},
        ),
        "desk_callback": ("desk", f"/desk/t/{n}/callback/", {"result": "satisfied", "comment": ""}),
    }
    # when / then
    assert grid(people, rows) == expected("""
                   op  di  co  ha  rv  le  st  sh  wa  su  ci  ad  ou
intake             ok  ok  ok 403 403 403 403 403 403 403 403  ok 403
dispatch           ok  ok 404 404 404 404 404 404 404 403 404  ok 404
answer_online      ok  ok 404 404 404 404 404 404 404 403 404  ok 404
classify           ok  ok 404 404 404 404 404 404 404 403 404  ok 404
merge              ok  ok 404 404 404 404 404 404 404 403 404  ok 404
divert             ok  ok 404 404 404 404 404 404 404 403 404  ok 404
supervise          ok  ok 404 404 404 404 404 404 404  ok 404  ok 404
escalate          409 409 404 404 404 404 404 404 404 409 404 409 404
instruction        ok  ok 404 404 404 404 404 404 404  ok 404  ok 404
clue               ok  ok 404 404 404 404 404 404 404  ok 404  ok 404
callback          409 409 404 404 404 404 404 404 404 403 404 409 404
close             409 409 404 404 404 404 404 404 404 403 404 409 404
desk_dispatch      ok  ok 404 404 404 404 404 404 404 403 404  ok 404
desk_answer        ok  ok 404 404 404 404 404 404 404 403 404  ok 404
desk_callback     409 409 404 404 404 404 404 404 404 403 404 409 404
""")


def _reply_rows(a: Assignment, n: str) -> dict:
    return {
        "sign": ("api", f"/assignments/{a.pk}/sign", {}),
        "reply": ("api", f"/assignments/{a.pk}/reply", {"content": "已处理。"}),
        "extension": (
            "api",
            f"/assignments/{a.pk}/extension",
            {"working_days": 3, "reason": "需现场勘查"},
        ),
        "return": (
            "api",
            f"/assignments/{a.pk}/return",
            {
                "findings": "经核实不属本单位职责",
                "policy_basis": "《物业管理条例》",
                "suggested_unit": "city-urban",
            },
        ),
        "redispatch": ("api", f"/assignments/{a.pk}/redispatch", {"main_unit": "hsg-st-1"}),
        "desk_sign": ("desk", f"/desk/t/{n}/a/{a.pk}/sign/", {}),
        "desk_reply": ("desk", f"/desk/t/{n}/a/{a.pk}/reply/", {"content": "已处理。"}),
    }


def test_an_assignment_waiting_for_its_signature(people):
    ticket, a = _dispatched()
    assert grid(people, _reply_rows(a, ticket.number)) == expected("""
                   op  di  co  ha  rv  le  st  sh  wa  su  ci  ad  ou
sign              403 403 404  ok  ok  ok 404 404 404 403 404  ok 404
reply             403 403 404 409 409 409 404 404 404 403 404 409 404
extension         403 403 404 409 409 409 404 404 404 403 404 409 404
return            403 403 404  ok  ok  ok 404 404 404 403 404  ok 404
redispatch        422 422 404 422 422 422 404 404 404 422 404 422 404
desk_sign         403 403 404  ok  ok  ok 404 404 404 403 404  ok 404
desk_reply        403 403 404 409 409 409 404 404 404 403 404 409 404
""")


def test_an_assignment_in_hand(people):
    ticket, a = _dispatched()
    actions.sign_assignment(a.pk, actor=person("handler"))
    assert grid(people, _reply_rows(a, ticket.number)) == expected("""
                   op  di  co  ha  rv  le  st  sh  wa  su  ci  ad  ou
sign              403 403 404 409 409 409 404 404 404 403 404 409 404
reply             403 403 404  ok  ok  ok 404 404 404 403 404  ok 404
extension         403 403 404  ok  ok  ok 404 404 404 403 404  ok 404
return            403 403 404  ok  ok  ok 404 404 404 403 404  ok 404
redispatch        422 422 404 422 422 422 404 404 404 422 404 422 404
desk_sign         403 403 404 409 409 409 404 404 404 403 404 409 404
desk_reply        403 403 404  ok  ok  ok 404 404 404 403 404  ok 404
""")


def test_a_reply_in_review(people):
    ticket, a = _dispatched()
    actions.sign_assignment(a.pk, actor=person("handler"))
    reply = actions.submit_reply(a.pk, "已处理。", actor=person("handler"))
    n = ticket.number
    assert grid(
        people,
        {
            "review": ("api", f"/replies/{reply.pk}/review", {"approve": True, "comment": ""}),
            "desk_review": (
                "desk",
                f"/desk/t/{n}/r/{reply.pk}/review/",
                {"approve": "1", "comment": ""},
            ),
            "escalate": ("api", f"/tickets/{n}/escalate", {"reason": "提级"}),
        },
    ) == expected("""
                   op  di  co  ha  rv  le  st  sh  wa  su  ci  ad  ou
review            403 403 404 403  ok  ok 404 404 404 403 404  ok 404
desk_review       403 403 404 403  ok  ok 404 404 404 403 404  ok 404
escalate           ok  ok 404 403 403 403 404 404 404  ok 404  ok 404
""")


def test_requests_waiting_for_a_decision(people):
    from jiesu.handling import actions as handling

    ticket, a = _dispatched()
    actions.sign_assignment(a.pk, actor=person("handler"))
    ext = handling.request_extension(
        a.pk, working_days=3, reason="需现场勘查", actor=person("handler")
    )
    other, b = _dispatched()
    ret = handling.request_return(
        b.pk,
        findings="经核实不属本单位职责",
        policy_basis="《物业管理条例》",
        suggested_unit="city-urban",
        actor=person("handler"),
    )
    handling.leader_review_return(ret.pk, approve=True, actor=person("leader"))
    assert grid(
        people,
        {
            "decide_extension": (
                "api",
                f"/extensions/{ext.pk}/decide",
                {"approve": True, "reason": ""},
            ),
            "dispute": ("api", f"/returns/{ret.pk}/dispute", {"reason": "职责有争议"}),
            "decide_return": (
                "api",
                f"/returns/{ret.pk}/decide",
                {"accept": False, "reason": "属本单位职责"},
            ),
        },
    ) == expected("""
                   op  di  co  ha  rv  le  st  sh  wa  su  ci  ad  ou
decide_extension  403  ok 404 403 403 403 404 404 404 403 404  ok 404
dispute           403  ok 404 403 403 403 404 404 404 403 404  ok 404
decide_return     403  ok 404 403 403 403 404 404 404 403 404  ok 404
""")


def test_a_return_waiting_for_the_unit_leader(people):
    from jiesu.handling import actions as handling

    ticket, a = _dispatched()
    ret = handling.request_return(
        a.pk,
        findings="经核实不属本单位职责",
        policy_basis="《物业管理条例》",
        suggested_unit="city-urban",
        actor=person("handler"),
    )
    assert grid(
        people,
        {
            "leader_review": (
                "api",
                f"/returns/{ret.pk}/leader-review",
                {"approve": True, "comment": ""},
            ),
            "decide_return": (
                "api",
                f"/returns/{ret.pk}/decide",
                {"accept": False, "reason": "属本单位职责"},
            ),
        },
    ) == expected("""
                   op  di  co  ha  rv  le  st  sh  wa  su  ci  ad  ou
leader_review     403 403 404 403 403  ok 404 404 404 403 404  ok 404
decide_return     403 409 404 403 403 403 404 404 404 403 404 409 404
""")


def test_a_replied_ticket(people):
    ticket, a = _dispatched()
    actions.sign_assignment(a.pk, actor=person("handler"))
    reply = actions.submit_reply(a.pk, "已处理。", actor=person("handler"))
    actions.review_reply(reply.pk, approve=True, actor=person("reviewer"))
    actions.review_reply(
        reply.pk, approve=True, actor=person("dispatcher")
    )  # the platform's level (R16)
    n = ticket.number
    assert grid(
        people,
        {
            "callback": ("api", f"/tickets/{n}/callback", {"result": "satisfied"}),
            "close": ("api", f"/tickets/{n}/close", {"reason": "办结"}),
            "desk_callback": (
                "desk",
                f"/desk/t/{n}/callback/",
                {"result": "satisfied", "comment": ""},
            ),
        },
    ) == expected("""
                   op  di  co  ha  rv  le  st  sh  wa  su  ci  ad  ou
callback           ok  ok 404 403 403 403 404 404 404 403 404  ok 404
close              ok  ok 404 403 403 403 404 404 404 403 404  ok 404
desk_callback      ok  ok 404 403 403 403 404 404 404 403 404  ok 404
""")


def test_a_county_platforms_hop(people):
    ticket, a = _dispatched(main_unit="hsg-platform")
    n = ticket.number
    rows = _reply_rows(a, n)
    del rows["return"], rows["extension"]
    assert grid(people, rows) == expected("""
                   op  di  co  ha  rv  le  st  sh  wa  su  ci  ad  ou
sign              403 403  ok 404 404 404 404 404 404 403 404  ok 404
reply             403 403 409 404 404 404 404 404 404 403 404 409 404
redispatch        403 403  ok 404 404 404 404 404 404 403 404  ok 404
desk_sign         403 403  ok 404 404 404 404 404 404 403 404  ok 404
desk_reply        403 403 409 404 404 404 404 404 404 403 404 409 404
""")


def test_a_county_platforms_own_ticket(people):
    ticket = make_ticket(by="county", region="hsg")
    n = ticket.number
    assert grid(
        people,
        {
            "dispatch": ("api", f"/tickets/{n}/dispatch", {"main_unit": "hsg-st-1"}),
            "classify": (
                "api",
                f"/tickets/{n}/classify",
                {"dispatch_class": "B", "track": "time_limited"},
            ),
            "desk_dispatch": (
                "desk",
                f"/desk/t/{n}/dispatch/",
                {"main_unit": "hsg-st-1", "assist_units": ""},
            ),
        },
    ) == expected("""
                   op  di  co  ha  rv  le  st  sh  wa  su  ci  ad  ou
dispatch          422 422  ok 404 404 404 404 404 404 403 404 422 404
classify           ok  ok  ok 404 404 404 404 404 404 403 404  ok 404
desk_dispatch     422 422  ok 404 404 404 404 404 404 403 404 422 404
""")


def test_merged_supervised_and_diverted_tickets(people):
    from jiesu.diversion.actions import divert_ticket
    from jiesu.supervision.actions import open_supervision
    from jiesu.tickets.actions.merge import merge_ticket

    merged, primary = make_ticket(), make_ticket()
    merge_ticket(merged.number, into=primary.number, actor=person("operator"))
    supervised, _ = _dispatched()
    supervision = open_supervision(
        supervised.number,
        reason="督办",
        deadline="2025-07-01T18:00:00+08:00",
        actor=person("supervisor"),
    )
    diverted = make_ticket(enterprise=True)
    divert_ticket(
        diverted.number, channel="enterprise101", reason="涉企诉求", actor=person("operator")
    )
    assert grid(
        people,
        {
            "unmerge": ("api", f"/tickets/{merged.number}/unmerge", {"reason": "并错了"}),
            "close_supervision": (
                "api",
                f"/supervisions/{supervision.pk}/close",
                {"result": "已办结"},
            ),
            "external_result": (
                "api",
                f"/tickets/{diverted.number}/external-result",
                {"channel": "enterprise101", "result": "已处理"},
            ),
        },
    ) == expected("""
                   op  di  co  ha  rv  le  st  sh  wa  su  ci  ad  ou
unmerge            ok  ok 404 404 404 404 404 404 404 403 404  ok 404
close_supervision  ok  ok 404 403 403 403 404 404 404  ok 404  ok 404
external_result    ok  ok 404 404 404 404 404 404 404 403 404  ok 404
""")
