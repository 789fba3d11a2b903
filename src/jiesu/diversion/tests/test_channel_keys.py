"""A receiving system reports its result with an integration key scoped to **its** channel
(issue 11 §6): a key for 12388 cannot report a 110 result (403 ``wrong_channel``), a key without
``report_results`` cannot report at all, and each city app gets only the steps it follows."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jiesu.diversion.models import Delivery, Diversion
from jiesu.integrations.actions import create_key
from jiesu.integrations.models import Call
from jiesu.testing.builders import answer, dispatched, kinds, last_event, make_ticket, person
from jiesu.tickets import actions


def divert(api, channel: str, subject: str) -> dict:
    ticket = make_ticket(subject=subject)
    response = api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": channel, "reason": "不属于12345受理范围"}
    )
    assert response.status == 201, response.body
    return response.body


def post_result(raw_key: str, diversion_id: int, result: str = "已处理") -> tuple[int, dict]:
    response = Client().post(
        f"/api/v1/diversions/{diversion_id}/result",
        data=json.dumps({"result": result}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw_key}",
    )
    return response.status_code, response.json()


@pytest.fixture
def diversions(api):
    return {
        "police110": divert(api, "police110", "夜间有人砸车窗"),
        "jw12388": divert(api, "jw12388", "举报某局干部收受礼金"),
    }


def test_a_channel_key_reports_the_result_of_its_own_channel(diversions):
    # given
    _, raw = create_key("纪检监察12388", scopes=["report_results"], channel="jw12388")
    own = diversions["jw12388"]
    # when
    status, body = post_result(raw, own["id"], "已转市纪委监委第三室核查。")
    # then
    assert status == 200, body
    assert body["result"] == "已转市纪委监委第三室核查。"
    assert kinds(own["ticket"])[-1] == "external_result"  # 12388 closed it for 12345 at once
    assert last_event(own["ticket"], "external_result").actor_role == "caller"
    assert Call.objects.filter(path__endswith="/result", status=200).count() == 1


def test_a_key_for_12388_cannot_report_a_110_result(diversions):
    # given
    _, raw = create_key("纪检监察12388", scopes=["report_results"], channel="jw12388")
    other = diversions["police110"]
    # when
    status, body = post_result(raw, other["id"])
    read = Client().get(f"/api/v1/diversions/{other['id']}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    # then
    assert (status, body["code"]) == (403, "wrong_channel")
    assert "12388" in body["message"] and "110" in body["message"]
    assert (read.status_code, read.json()["code"]) == (403, "wrong_channel")
    assert Diversion.objects.get(pk=other["id"]).result == ""
    assert Call.objects.filter(status=403).count() == 2  # refusals are audited


def test_a_key_without_the_scope_cannot_report(diversions):
    # given: a 110 key that only files hand-overs of non-police help
    _, raw = create_key("110指挥中心", scopes=["submit"], source="police110")
    # when
    status, body = post_result(raw, diversions["police110"]["id"])
    # then
    assert (status, body["code"]) == (403, "scope_not_granted")
    assert Diversion.objects.get(pk=diversions["police110"]["id"]).result == ""


def test_a_results_key_must_name_its_channel(db):
    from jiesu.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as missing:
        create_key("无渠道", scopes=["report_results"])
    with pytest.raises(ValidationFailed) as unknown:
        create_key("乱填", scopes=["report_results"], channel="nowhere")
    assert missing.value.code == unknown.value.code == "invalid_channel"


def test_an_invalid_key_is_401_and_a_staff_token_still_works(api, diversions):
    # given
    target = diversions["police110"]
    # when
    status, body = post_result("jk_not-a-key", target["id"])
    staff = api("operator").get(f"/diversions/{target['id']}")
    # then
    assert (status, body["code"]) == (401, "invalid_api_key")
    assert staff.status == 200


@pytest.fixture
def two_apps(settings):
    settings.JIESU_WEBHOOKS = {"cityapp": "http://127.0.0.1:9/a", "board": "http://127.0.0.1:9/b"}
    settings.JIESU_WEBHOOK_SECRETS = {"cityapp": "a", "board": "b"}
    settings.JIESU_WEBHOOK_EVENTS = ["dispatched", "answered", "closed"]
    settings.JIESU_WEBHOOK_APP_EVENTS = {"board": ["closed"]}


def test_each_city_app_gets_the_steps_it_is_scoped_to(city, two_apps):
    # given
    ticket = dispatched()
    answer(ticket)
    # when
    actions.callback_ticket(ticket.number, result="satisfied", actor=person("operator"))
    # then
    got = {
        app: list(
            Delivery.objects.filter(target=app).order_by("id").values_list("event", flat=True)
        )
        for app in ("cityapp", "board")
    }
    assert got == {
        "cityapp": ["ticket.dispatched", "ticket.answered", "ticket.closed"],
        "board": ["ticket.closed"],
    }
