"""Every bad request gets a clear JSON error — a stable ``code`` and a Chinese ``message`` — and
changes nothing; and who may see what (DESIGN §11)."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.testing.builders import ApiClient, add_person, make_ticket, person
from jiesu.testing.loop import counts, dispatched, fresh_phone, replied, sh, signed
from jiesu.tickets import actions
from jiesu.tickets.models import Ticket

AT = sh(2026, 11, 24, 9, 30)
CHINESE = re.compile(r"[\u4e00-\u9fff]")

INTAKE = {
    "channel": "phone",
    "caller": {"name": "李四", "phone": "13912345678"},
    "subject": "小区楼道灯长期不亮",
    "content": "花湖小区3栋楼道灯坏了三个月。",
    "appeal_type": "complaint",
    "region": "huangshi",
    "category": "urban-property",
}


def assert_refused(response, status: int, code: str, before) -> None:
    assert response.status == status, response.body
    assert response.body["code"] == code
    assert CHINESE.search(response.body["message"]), response.body["message"]
    assert counts() == before


def raw(
    token: str | None,
    method: str,
    path: str,
    body: bytes | None = None,
    content_type="application/json",
):
    """A request with an exact body (or none), for what the JSON helpers cannot send."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if body is not None:
        headers.update(data=body, content_type=content_type)
    response = getattr(Client(), method)("/api/v1" + path, **headers)
    return response.status_code, json.loads(response.content)


# --- intake ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"category": "no-such-matter"}, "unknown_category"),
        ({"region": "atlantis"}, "unknown_region"),
        ({"caller": {"name": "李四", "phone": "139-abc"}}, "invalid_phone"),
        ({"content": "   "}, "empty_field"),
        ({"subject": ""}, "empty_field"),
        ({"accepted_unit": "no-such-unit"}, "unknown_unit"),
        ({"accepted_primary": "20260101-999999"}, "merge_target_invalid"),
    ],
)
def test_bad_intake(api, over, code):
    before = counts()
    response = api("operator").post("/tickets", {**INTAKE, **over})
    assert_refused(response, 422, code, before)


@pytest.mark.parametrize(
    "body",
    [
        {k: v for k, v in INTAKE.items() if k != "subject"},  # missing field
        {**INTAKE, "urgent": "very"},  # wrong type
        {**INTAKE, "caller": {"name": ["李四"], "phone": "13912345678"}},  # wrong nested type
        [INTAKE],  # not an object
        {**INTAKE, "caller": "李四"},  # a string where the caller object belongs
        {**INTAKE, "apeal_type": "help"},  # a misspelt field is refused, never ignored
        {**INTAKE, "caller": {"name": "李四", "mobile": "13912345678"}},  # unknown nested field
    ],
)
def test_schema_invalid_body_is_422_validation_error(api, body):
    before = counts()
    response = api("operator").post("/tickets", body)
    assert_refused(response, 422, "validation_error", before)


def test_malformed_json_is_400(api):
    before = counts()
    status, body = raw(api("operator").token, "post", "/tickets", b'{"channel": "phone",')
    assert status == 400, body
    assert body["code"] == "bad_request" and CHINESE.search(body["message"])
    assert counts() == before


def test_body_over_one_megabyte_is_413(api):
    before = counts()
    huge = json.dumps({**INTAKE, "content": "长" * (1024 * 1024 // 3 + 10)}).encode()
    assert len(huge) > 1024 * 1024
    status, body = raw(api("operator").token, "post", "/tickets", huge)
    assert status == 413
    assert body["code"] == "payload_too_large" and CHINESE.search(body["message"])
    assert counts() == before


def test_missing_or_wrong_token_is_401(api):
    before = counts()
    for token in (None, "js_forged"):
        status, body = raw(token, "post", "/tickets", json.dumps(INTAKE).encode())
        assert status == 401
        assert body["code"] == "unauthorized" and CHINESE.search(body["message"])
    assert raw(None, "get", "/tickets")[0] == 401
    assert counts() == before


def test_a_revoked_token_is_refused(api):
    client = api("operator")
    get_user_model().objects.get(username="operator").api_tokens.update(revoked=True)
    assert client.get("/tickets").status == 401


# --- dispatch ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"main_unit": "no-such-unit"}, 422, "unknown_unit"),
        ({"main_unit": "city-housing", "assist_units": ["nowhere"]}, 422, "unknown_unit"),
        ({"main_unit": "hsg-st-1-c1"}, 422, "village_not_handling_unit"),
        ({"main_unit": "hsg-st-1"}, 422, "unit_not_dispatchable"),
        ({"main_unit": 12}, 422, "validation_error"),
    ],
)
def test_bad_dispatch(api, body, status, code):
    number = api("operator").post("/tickets", INTAKE).body["number"]
    before = counts()
    response = api("dispatcher").post(f"/tickets/{number}/dispatch", body)
    assert_refused(response, status, code, before)
    if code in ("village_not_handling_unit", "unit_not_dispatchable"):
        assert response.body["rule"] == ("R2" if code.startswith("village") else "R3")
    assert api("operator").get(f"/tickets/{number}").body["status"] == "accepted"


def test_dispatch_of_a_closed_ticket_is_409(api):
    ticket, _ = replied(at=AT)
    actions.callback_ticket(ticket.number, result="satisfied", actor=person("operator"), now=AT)
    before = counts()
    response = api("dispatcher").post(
        f"/tickets/{ticket.number}/dispatch", {"main_unit": "city-urban"}
    )
    assert_refused(response, 409, "state_conflict", before)
    assert response.body["rule"] == "R13"


def test_unknown_ticket_is_404(api):
    before = counts()
    for method, path, body in [
        ("get", "/tickets/20261124-999999", None),
        ("get", "/tickets/20261124-999999/events", None),
        ("post", "/tickets/20261124-999999/dispatch", {"main_unit": "city-housing"}),
        ("post", "/tickets/20261124-999999/callback", {"result": "satisfied"}),
    ]:
        response = (
            api("dispatcher").get(path) if method == "get" else api("dispatcher").post(path, body)
        )
        assert_refused(response, 404, "ticket_not_found", before)


def test_unknown_assignment_and_reply_are_404(api):
    assert api("handler").post("/assignments/987654/sign").body["code"] == "assignment_not_found"
    response = api("reviewer").post("/replies/987654/review", {"approve": True})
    assert response.status == 404 and response.body["code"] == "reply_not_found"


# --- handling ---------------------------------------------------------------------------------


def test_reply_before_sign_is_409(api):
    _, a = dispatched(at=AT)
    before = counts()
    response = api("handler").post(f"/assignments/{a.pk}/reply", {"content": "已处理。"})
    assert_refused(response, 409, "state_conflict", before)


def test_signing_twice_is_409(api):
    _, a = signed(at=AT)
    before = counts()
    response = api("reviewer").post(f"/assignments/{a.pk}/sign")
    assert_refused(response, 409, "state_conflict", before)
    assert response.body["rule"] == "R14"


def test_empty_reply_is_422(api):
    _, a = signed(at=AT)
    before = counts()
    response = api("handler").post(f"/assignments/{a.pk}/reply", {"content": "  "})
    assert_refused(response, 422, "empty_field", before)
    assert response.body["field"] == "content"


def test_another_units_assignment_is_refused(api):
    # given an assignment to city-housing
    _, a = dispatched(at=AT)
    before = counts()
    # when a street handler (holding nothing on the ticket) signs or replies to it
    for path, body in [
        (f"/assignments/{a.pk}/sign", None),
        (f"/assignments/{a.pk}/reply", {"content": "x"}),
    ]:
        response = api("street").post(path, body)
        # then it does not even exist for them
        assert_refused(response, 404, "assignment_not_found", before)


def test_an_assisting_unit_cannot_act_on_the_main_assignment(api):
    # given a ticket held by city-housing (main) and hs-water (assist)
    _, main = dispatched(at=AT, assists=["hs-water"])
    before = counts()
    # when the water company signs the main unit's assignment: it sees the ticket, but may not act
    response = api("water").post(f"/assignments/{main.pk}/sign")
    assert_refused(response, 403, "forbidden", before)


def test_calendar_with_an_impossible_date_is_422(api):
    response = api("operator").get("/calendar/add-workdays?start=2025-02-30T10:00&days=1")
    assert response.status == 422
    assert response.body["code"] == "invalid_datetime"
    assert "日期不存在" in response.body["message"]


# --- access (DESIGN §11) ----------------------------------------------------------------------


def listed(api, who) -> set[str]:
    response = api(who).get("/tickets")
    assert response.status == 200, response.body
    return {t["number"] for t in response.body["items"]}


def test_a_unit_sees_only_tickets_it_holds(api):
    # given one ticket for city-housing with an assisting utility, one for city-urban only
    housing, _ = dispatched(at=AT, assists=["hs-water"])
    urban, _ = dispatched(at=AT, main="city-urban")
    untouched = make_ticket(now=AT, caller_phone=fresh_phone())
    # then each unit lists and reads only its own
    assert listed(api, "handler") == {housing.number}
    assert listed(api, "water") == {housing.number}
    assert listed(api, "street") == set()
    assert listed(api, "dispatcher") >= {housing.number, urban.number, untouched.number}
    assert api("handler").get(f"/tickets/{housing.number}").status == 200
    for number in (urban.number, untouched.number):
        response = api("handler").get(f"/tickets/{number}")
        assert response.status == 404 and response.body["code"] == "ticket_not_found"
        assert api("handler").get(f"/tickets/{number}/events").status == 404
    assert api("handler").get("/tickets?unit=city-urban").body["items"] == []


def test_a_confidential_caller_is_hidden_from_the_handling_unit(api):
    # given a confidential caller
    ticket, _ = dispatched(at=AT, confidential=True, caller_name="赵六", caller_phone="13700001111")
    # when the handling unit reads it, in detail and in its list
    detail = api("handler").get(f"/tickets/{ticket.number}").body
    (row,) = api("handler").get("/tickets").body["items"]
    # then neither name nor phone shows, nor the query code
    assert detail["caller"] == {"name": "保密", "phone": "", "hidden": True}
    assert row["caller"] == {"name": "保密", "phone": "", "hidden": True}
    assert detail["query_code"] is None
    assert "13700001111" not in json.dumps(
        api("handler").get(f"/tickets/{ticket.number}/events").body
    )
    # while the platform sees them
    assert api("dispatcher").get(f"/tickets/{ticket.number}").body["caller"] == {
        "name": "赵六",
        "phone": "13700001111",
        "hidden": False,
    }


def test_lists_mask_phone_numbers_for_everyone(api):
    ticket, _ = dispatched(at=AT, caller_name="张三丰", caller_phone="13812345678")
    for who in ("operator", "dispatcher", "supervisor", "handler"):
        (row,) = [t for t in api(who).get("/tickets").body["items"] if t["number"] == ticket.number]
        assert row["caller"]["phone"] == "138****5678", who
        assert row["caller"]["name"] == "张**", who
        assert "content" not in row
    assert api("operator").get(f"/tickets/{ticket.number}").body["caller"]["phone"] == "13812345678"


def test_a_citizen_sees_only_their_own(api):
    # given two tickets, one filed for the demo citizen
    citizen = get_user_model().objects.get(username="citizen")
    mine, _ = dispatched(at=AT)
    other, _ = dispatched(at=AT)
    Ticket.objects.filter(pk=mine.pk).update(created_by=citizen)
    # then the citizen lists and reads only that one, with its query code
    assert listed(api, "citizen") == {mine.number}
    body = api("citizen").get(f"/tickets/{mine.number}").body
    assert body["query_code"] == Ticket.objects.get(pk=mine.pk).query_code
    assert api("citizen").get(f"/tickets/{other.number}").status == 404
    # and may not act on it
    before = counts()
    assert (
        api("citizen").post(f"/tickets/{mine.number}/callback", {"result": "satisfied"}).status
        == 403
    )
    assert counts() == before


def test_an_outsider_without_a_unit_sees_nothing(api):
    dispatched(at=AT)
    add_person("drifter", "unit_handler", None)
    assert ApiClient("drifter").get("/tickets").body["items"] == []
