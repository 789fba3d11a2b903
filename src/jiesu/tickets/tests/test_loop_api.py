"""The whole loop through the REST API, as an outside client would drive it: a token made with
the CLI, intake → dispatch → sign → reply → review → callback, with the clock moved step by step.
Every step must leave its event (who, role, unit, when, what)."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from jiesu.testing.loop import sh

ISO_SHANGHAI = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$")


@dataclass
class Http:
    """A bare client holding one bearer token."""

    token: str

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        client = Client()
        kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        response = getattr(client, method)("/api/v1" + path, **kwargs)
        return response.status_code, (response.json() if response.content else None)

    def get(self, path: str) -> tuple[int, Any]:
        return self.call("get", path)

    def post(self, path: str, body: Any = None) -> tuple[int, Any]:
        return self.call("post", path, body if body is not None else {})


def cli_token(username: str) -> str:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.fixture
def http(city):
    """``http("operator")``: a client with a token created by ``jiesu token create``."""
    made: dict[str, Http] = {}

    def get(username: str) -> Http:
        if username not in made:
            made[username] = Http(cli_token(username))
        return made[username]

    return get


INTAKE = {
    "channel": "phone",
    "caller": {"name": "李四", "phone": "13912345678"},
    "subject": "小区楼道灯长期不亮",
    "content": "花湖小区3栋楼道灯坏了三个月，物业一直不修。",
    "appeal_type": "complaint",
    "region": "huangshi",
    "category": "urban-property",
}


def take_in(http, at, **over) -> str:
    with time_machine.travel(at, tick=False):
        status, body = http("operator").post("/tickets", {**INTAKE, **over})
    assert status == 201, body
    return body["number"]


def dispatch(http, number, at, main="city-housing", assists=("city-urban",)) -> list[dict]:
    with time_machine.travel(at, tick=False):
        status, body = http("dispatcher").post(
            f"/tickets/{number}/dispatch", {"main_unit": main, "assist_units": list(assists)}
        )
    assert status == 201, body
    return body


def sign_reply_approve(http, assignment_id: int, at_sign, at_reply, at_review, text: str) -> dict:
    with time_machine.travel(at_sign, tick=False):
        status, body = http("handler").post(f"/assignments/{assignment_id}/sign")
        assert status == 200, body
        assert body["status"] == "handling"
    with time_machine.travel(at_reply, tick=False):
        status, reply = http("handler").post(
            f"/assignments/{assignment_id}/reply", {"content": text}
        )
        assert status == 201, reply
        assert reply["status"] == "in_review"
        assert reply["current_level"] == "section_head"
    with time_machine.travel(at_review, tick=False):
        # the unit's section head, then the city platform (R16)
        for reviewer in ("reviewer", "dispatcher"):
            status, reviewed = http(reviewer).post(
                f"/replies/{reply['id']}/review", {"approve": True}
            )
            assert status == 200, reviewed
    return reviewed


def events_of(http, number) -> list[dict]:
    status, body = http("operator").get(f"/tickets/{number}/events")
    assert status == 200, body
    return body


def test_cli_token_is_a_working_bearer_token(http):
    # given a token created by `jiesu token create operator`
    client = http("operator")
    # when it is used as a bearer token
    status, body = client.get("/tickets")
    # then the API accepts it; a made-up one is refused
    assert status == 200, body
    assert Http("js_not-a-real-token").get("/tickets")[0] == 401


def test_intake_answers_201_with_a_day_number_and_status_accepted(http):
    # when the operator takes a request in on 2026-11-24
    with time_machine.travel(sh(2026, 11, 24, 9, 0), tick=False):
        status, body = http("operator").post("/tickets", INTAKE)
    # then
    assert status == 201, body
    assert body["number"] == "20261124-000001"
    assert body["status"] == "accepted"
    assert body["created_at"] == "2026-11-24T09:00:00+08:00"
    assert body["caller"] == {"name": "李四", "phone": "13912345678", "hidden": False}
    assert body["assignments"] == []
    status, detail = http("operator").get("/tickets/20261124-000001")
    assert status == 200 and detail["subject"] == INTAKE["subject"]


def test_full_loop_to_closed_with_events_in_order(http):
    # given a complaint taken in on Tue 2026-11-24
    number = take_in(http, sh(2026, 11, 24, 9, 0))

    # when the city platform dispatches to a main and an assisting unit
    assignments = dispatch(http, number, sh(2026, 11, 24, 9, 30))

    # then each assignment carries its unit, role, status and clocks in ISO 8601 +08:00
    assert [(a["unit"], a["role"], a["status"]) for a in assignments] == [
        ("city-housing", "main", "pending_sign"),
        ("city-urban", "assist", "pending_sign"),
    ]
    for a in assignments:
        assert isinstance(a["id"], int)
        assert ISO_SHANGHAI.match(a["sign_deadline"]) and ISO_SHANGHAI.match(a["answer_deadline"])
        assert a["sign_deadline"] == "2026-11-25T09:30:00+08:00"  # 1 working day
        assert a["answer_deadline"] == "2026-12-01T09:30:00+08:00"  # complaint: 5 working days
    main = assignments[0]
    assert http("operator").get(f"/tickets/{number}")[1]["status"] == "dispatched"

    # when the main unit signs, replies, and its section head approves
    reviewed = sign_reply_approve(
        http,
        main["id"],
        sh(2026, 11, 24, 10),
        sh(2026, 11, 26, 16),
        sh(2026, 11, 27, 9),
        "已督促物业更换楼道灯，现已恢复照明。",
    )
    # then the reply is approved and the ticket is replied with the approved answer
    assert reviewed["status"] == "approved"
    status, ticket = http("operator").get(f"/tickets/{number}")
    assert ticket["status"] == "replied"
    assert ticket["answer"] == "已督促物业更换楼道灯，现已恢复照明。"
    housing = next(a for a in ticket["assignments"] if a["id"] == main["id"])
    assert housing["status"] == "answered"
    assert housing["signed_at"] == "2026-11-24T10:00:00+08:00"
    assert housing["answered_at"] == "2026-11-27T09:00:00+08:00"
    assert housing["sign_overdue"] is False and housing["answer_overdue"] is False

    # when the platform calls back and the caller is satisfied
    with time_machine.travel(sh(2026, 11, 30, 10), tick=False):
        status, cb = http("dispatcher").post(f"/tickets/{number}/callback", {"result": "satisfied"})
    # then the ticket is closed
    assert status == 201, cb
    assert cb["status"] == "closed" and cb["result"] == "satisfied"
    ticket = http("operator").get(f"/tickets/{number}")[1]
    assert ticket["status"] == "closed"
    assert ticket["closed_at"] == "2026-11-30T10:00:00+08:00"

    # and every step left its event: who, role, unit, when, what
    log = events_of(http, number)
    assert [(e["kind"], e["actor"], e["role"], e["unit"], e["at"]) for e in log] == [
        ("intake", "operator", "operator", "city-platform", "2026-11-24T09:00:00+08:00"),
        (
            "dispatched",
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            "2026-11-24T09:30:00+08:00",
        ),
        (
            "dispatched",
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            "2026-11-24T09:30:00+08:00",
        ),
        ("signed", "handler", "unit_handler", "city-housing", "2026-11-24T10:00:00+08:00"),
        ("reply_submitted", "handler", "unit_handler", "city-housing", "2026-11-26T16:00:00+08:00"),
        (
            "reply_reviewed",
            "reviewer",
            "unit_reviewer",
            "city-housing",
            "2026-11-27T09:00:00+08:00",
        ),
        (
            "reply_reviewed",
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            "2026-11-27T09:00:00+08:00",
        ),
        (
            "reply_approved",
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            "2026-11-27T09:00:00+08:00",
        ),
        (
            "ticket_replied",
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            "2026-11-27T09:00:00+08:00",
        ),
        (
            "callback",
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            "2026-11-30T10:00:00+08:00",
        ),
        (
            "closed",
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            "2026-11-30T10:00:00+08:00",
        ),
        # the assisting unit never signed: closing ends its share (R17)
        (
            "assignment_withdrawn",
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            "2026-11-30T10:00:00+08:00",
        ),
    ]
    # the "what" of each step
    assert [e["data"]["unit"] for e in log[1:3]] == ["city-housing", "city-urban"]
    assert [e["data"]["role"] for e in log[1:3]] == ["main", "assist"]
    assert log[1]["assignment"] == main["id"]
    assert log[3]["data"] == {"on_time": True}
    assert log[4]["data"]["content"] == "已督促物业更换楼道灯，现已恢复照明。"
    assert log[5]["data"]["level"] == "section_head" and log[5]["data"]["approve"] is True
    assert log[6]["data"]["level"] == "platform" and log[6]["data"]["approve"] is True
    assert log[9]["data"]["result"] == "satisfied" and log[9]["data"]["main_unit"] == "city-housing"
    assert all(e["label"] for e in log)


def test_unsatisfied_callback_rehandles_on_a_fresh_answer_clock(http):
    # given a ticket replied on Fri 2026-11-27
    number = take_in(http, sh(2026, 11, 24, 9, 0))
    main = dispatch(http, number, sh(2026, 11, 24, 9, 30), assists=())[0]
    sign_reply_approve(
        http,
        main["id"],
        sh(2026, 11, 24, 10),
        sh(2026, 11, 26, 16),
        sh(2026, 11, 27, 9),
        "已处理。",
    )

    # when the caller is unsatisfied at the callback on Mon 2026-11-30 10:00
    with time_machine.travel(sh(2026, 11, 30, 10), tick=False):
        status, cb = http("operator").post(
            f"/tickets/{number}/callback", {"result": "unsatisfied", "comment": "灯只修了一盏"}
        )

    # then the ticket is re-handled and the main unit has a new 5-working-day answer clock
    assert status == 201, cb
    assert cb["status"] == "rehandling"
    ticket = http("operator").get(f"/tickets/{number}")[1]
    assert ticket["status"] == "rehandling"
    (housing,) = ticket["assignments"]
    assert housing["status"] == "handling"
    assert housing["answer_deadline"] == "2026-12-07T10:00:00+08:00"
    assert housing["answered_at"] is None
    assert housing["sign_deadline"] == main["sign_deadline"]  # signing is not asked again

    # when the unit replies again and the section head approves
    with time_machine.travel(sh(2026, 12, 2, 15), tick=False):
        status, reply = http("handler").post(
            f"/assignments/{main['id']}/reply", {"content": "已更换全部楼道灯并回访确认。"}
        )
        assert status == 201, reply
    with time_machine.travel(sh(2026, 12, 3, 9), tick=False):
        for reviewer in ("reviewer", "dispatcher"):
            status, reviewed = http(reviewer).post(
                f"/replies/{reply['id']}/review", {"approve": True}
            )
            assert status == 200, reviewed

    # then the ticket is replied again, with the new answer
    ticket = http("operator").get(f"/tickets/{number}")[1]
    assert ticket["status"] == "replied"
    assert ticket["answer"] == "已更换全部楼道灯并回访确认。"
    kinds = [e["kind"] for e in events_of(http, number)]
    assert kinds[-7:] == [
        "callback",
        "rehandling",
        "reply_submitted",
        "reply_reviewed",  # the section head
        "reply_reviewed",  # the city platform (R16)
        "reply_approved",
        "ticket_replied",
    ]
    rehandling = events_of(http, number)[-6]
    assert (rehandling["actor"], rehandling["role"], rehandling["unit"]) == (
        "operator",
        "operator",
        "city-platform",
    )
    assert rehandling["assignment"] == main["id"]


def test_unreached_callbacks_are_counted_and_close_at_the_limit(http, settings):
    # given a replied ticket and a limit of 3 unreached callbacks
    settings.JIESU_CALLBACK_MAX_UNREACHED = 3
    number = take_in(http, sh(2026, 11, 24, 9, 0))
    main = dispatch(http, number, sh(2026, 11, 24, 9, 30), assists=())[0]
    sign_reply_approve(
        http,
        main["id"],
        sh(2026, 11, 24, 10),
        sh(2026, 11, 26, 16),
        sh(2026, 11, 27, 9),
        "已处理。",
    )

    # when the caller cannot be reached twice, the ticket stays replied
    for day in (30, 1):
        month = 11 if day == 30 else 12
        with time_machine.travel(sh(2026, month, day, 10), tick=False):
            status, cb = http("operator").post(
                f"/tickets/{number}/callback", {"result": "unreached"}
            )
        assert status == 201, cb
        assert cb["status"] == "replied"

    # then the third unreached callback closes it
    with time_machine.travel(sh(2026, 12, 2, 10), tick=False):
        status, cb = http("operator").post(f"/tickets/{number}/callback", {"result": "unreached"})
    assert status == 201 and cb["status"] == "closed"
    kinds = [e["kind"] for e in events_of(http, number)]
    assert kinds[-4:] == ["callback", "callback", "callback", "closed"]
    closed = events_of(http, number)[-1]
    assert closed["data"]["reason"] == "多次回访未联系上"

    # and a further callback is refused: the ticket is closed
    status, body = http("operator").post(f"/tickets/{number}/callback", {"result": "satisfied"})
    assert status == 409 and body["code"] == "state_conflict"


def test_consultation_is_answered_online_and_closed_at_the_callback(http, settings):
    # given a general consultation, and every online answer drawn for the callback (R11)
    settings.JIESU_ONLINE_CALLBACK_SHARE = 1
    number = take_in(http, sh(2026, 11, 24, 9, 0), appeal_type="consult_general", category=None)
    detail = http("operator").get(f"/tickets/{number}")[1]
    assert detail["track"] == "online"

    # when the operator answers it online
    with time_machine.travel(sh(2026, 11, 24, 9, 5), tick=False):
        status, body = http("operator").post(
            f"/tickets/{number}/answer-online",
            {"answer": "公积金提取请携带身份证到政务服务中心办理。"},
        )

    # then it is answered online, without any assignment
    assert status == 200, body
    assert body["status"] == "answered_online"
    assert body["answer"] == "公积金提取请携带身份证到政务服务中心办理。"
    assert body["assignments"] == []

    # and a sampled callback closes it
    with time_machine.travel(sh(2026, 11, 25, 9), tick=False):
        status, cb = http("dispatcher").post(f"/tickets/{number}/callback", {"result": "satisfied"})
    assert status == 201 and cb["status"] == "closed"
    log = events_of(http, number)
    assert [e["kind"] for e in log] == ["intake", "answered_online", "callback", "closed"]
    assert (log[1]["actor"], log[1]["role"], log[1]["unit"]) == (
        "operator",
        "operator",
        "city-platform",
    )
    assert log[1]["data"] == {"answer": "公积金提取请携带身份证到政务服务中心办理。"}


def test_complaint_cannot_be_answered_online(http):
    # given a complaint
    number = take_in(http, sh(2026, 11, 24, 9, 0))
    # when the operator tries to answer it online
    status, body = http("operator").post(f"/tickets/{number}/answer-online", {"answer": "已知悉。"})
    # then it is refused and nothing changes
    assert status == 422
    assert body["code"] == "not_a_consultation"
    assert "咨询" in body["message"]
    detail = http("operator").get(f"/tickets/{number}")[1]
    assert detail["status"] == "accepted" and detail["answer"] == ""
    assert [e["kind"] for e in events_of(http, number)] == ["intake"]


def test_professional_consultation_may_also_be_answered_online(http, settings):
    settings.JIESU_ONLINE_CALLBACK_SHARE = 1
    number = take_in(http, sh(2026, 11, 24, 9, 0), appeal_type="consult_professional")
    status, body = http("operator").post(
        f"/tickets/{number}/answer-online", {"answer": "依据政策答复如下……"}
    )
    assert status == 200 and body["status"] == "answered_online"
