"""R4/R5: the platform classifies (A–D) and chooses the handling track; intake suggests, and a
repeat caller (一人多次) is suggested as a C-class key request. D is never suggested."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jiesu.testing.builders import make_ticket
from jiesu.tickets.actions.intake import repeat_caller, suggest_class_and_track
from jiesu.tickets.choices import AppealType
from jiesu.tickets.models import Event

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 6, 23, 9, 0, tzinfo=SH)  # a Monday
BODY = {
    "channel": "phone",
    "caller": {"name": "李四", "phone": "13900139000"},
    "subject": "小区噪声扰民",
    "content": "夜间施工噪声严重。",
    "appeal_type": "complaint",
    "region": "huangshi",
    "category": "env-noise",
}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def events_of(number: str) -> list[Event]:
    return list(Event.objects.filter(ticket__number=number).order_by("id"))


def test_the_platform_classifies_and_the_event_has_from_and_to(api):
    # given
    ticket = make_ticket()
    # when
    response = api("dispatcher").post(
        f"/tickets/{ticket.number}/classify", {"dispatch_class": "B", "track": "proactive"}
    )
    # then
    assert response.status == 200, response.body
    assert (response.body["dispatch_class"], response.body["track"]) == ("B", "proactive")
    event = events_of(ticket.number)[-1]
    assert event.kind == "classified"
    assert event.data == {
        "from": {"dispatch_class": "A", "track": "time_limited", "key_request": False},
        "to": {"dispatch_class": "B", "track": "proactive", "key_request": False},
    }


def test_class_c_makes_a_key_request_whose_reply_needs_the_deputy_leader(api):
    # given
    ticket = make_ticket()
    api("operator").post(
        f"/tickets/{ticket.number}/classify", {"dispatch_class": "C", "track": "time_limited"}
    )
    assignment = api("dispatcher").post(f"/tickets/{ticket.number}/dispatch", {}).body[0]
    api("handler").post(f"/assignments/{assignment['id']}/sign")
    # when
    reply = api("handler").post(f"/assignments/{assignment['id']}/reply", {"content": "已处理。"})
    # then
    assert api("operator").get(f"/tickets/{ticket.number}").body["key_request"] is True
    assert reply.body["levels"] == ["deputy_leader"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"dispatch_class": "E", "track": "fast"}, "invalid_dispatch_class"),
        ({"dispatch_class": "B", "track": "slow"}, "invalid_track"),
        ({"dispatch_class": "A", "track": "time_limited"}, "classification_unchanged"),
    ],
)
def test_bad_classifications_change_nothing(api, body, code):
    # given
    ticket = make_ticket()
    # when
    response = api("operator").post(f"/tickets/{ticket.number}/classify", body)
    # then
    assert (response.status, response.body["code"]) == (422, code)
    assert [e.kind for e in events_of(ticket.number)] == ["intake"]
    ticket.refresh_from_db()
    assert (ticket.dispatch_class, ticket.track) == ("A", "time_limited")


@pytest.mark.parametrize(
    ("outsider", "status", "code"),
    [("handler", 404, "ticket_not_found"), ("supervisor", 403, "forbidden"), ("citizen", 404, "ticket_not_found")],
)
def test_only_platform_staff_classify(api, outsider, status, code):
    # given
    ticket = make_ticket()
    # when
    response = api(outsider).post(
        f"/tickets/{ticket.number}/classify", {"dispatch_class": "C", "track": "fast"}
    )
    # then
    assert (response.status, response.body["code"]) == (status, code)  # what one cannot see is 404
    assert len(events_of(ticket.number)) == 1


def test_a_closed_ticket_is_not_reclassified(api):
    # given
    ticket = make_ticket(appeal_type="consult_general")
    api("operator").post(
        f"/tickets/{ticket.number}/answer-online", {"answer": "可在政务服务网办理。"}
    )
    api("operator").post(f"/tickets/{ticket.number}/close")
    before = len(events_of(ticket.number))
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/classify", {"dispatch_class": "B", "track": "fast"}
    )
    # then
    assert (response.status, response.body["code"]) == (409, "state_conflict")
    assert len(events_of(ticket.number)) == before


# --- the intake suggestion ---------------------------------------------------------------


def test_a_third_ticket_within_30_days_from_one_phone_is_a_c_class_key_request(api, clock):
    # given: two earlier tickets from the same phone
    make_ticket(caller_phone="13900139000", now=T0 - timedelta(days=29))
    make_ticket(caller_phone="13900139000", now=T0 - timedelta(days=3))
    # when
    response = api("operator").post("/tickets", BODY)
    # then
    assert response.status == 201, response.body
    assert (response.body["dispatch_class"], response.body["key_request"]) == ("C", True)
    intake = events_of(response.body["number"])[0]
    assert (intake.data["dispatch_class"], intake.data["key_request"]) == ("C", True)


@pytest.mark.parametrize(
    "earlier",
    [
        [timedelta(days=2)],  # only one earlier ticket
        [timedelta(days=31), timedelta(days=2)],  # one of them outside the 30 days
    ],
)
def test_fewer_than_two_earlier_tickets_in_30_days_is_not_a_repeat(api, earlier):
    # given
    for ago in earlier:
        make_ticket(caller_phone="13900139000", now=T0 - ago)
    # when
    response = api("operator").post("/tickets", BODY)
    # then
    assert (response.body["dispatch_class"], response.body["key_request"]) == ("A", False)


def test_a_110_hand_over_number_is_never_a_repeat_caller(api):
    # given
    for _ in range(3):
        make_ticket(channel="police110", caller_phone="110", appeal_type="help")
    # when
    response = api("operator").post(
        "/tickets",
        {**BODY, "channel": "police110", "caller": {"name": "110指挥中心", "phone": "110"}},
    )
    # then
    assert (response.body["dispatch_class"], response.body["key_request"]) == ("A", False)


def test_a_general_consultation_is_still_answered_online_for_a_repeat_caller(api):
    # given
    for _ in range(2):
        make_ticket(caller_phone="13900139000")
    # when
    response = api("operator").post("/tickets", {**BODY, "appeal_type": "consult_general"})
    # then
    assert (
        response.body["dispatch_class"],
        response.body["track"],
        response.body["key_request"],
    ) == (
        "A",
        "online",
        False,
    )


def test_the_repeat_check_is_one_query(city, django_assert_num_queries):
    # given
    make_ticket(caller_phone="13900139000")
    make_ticket(caller_phone="13900139000")
    # when / then
    with django_assert_num_queries(1):
        assert repeat_caller("13900139000", T0) is True


@pytest.mark.parametrize("appeal_type", AppealType.values)
@pytest.mark.parametrize("urgent", [False, True])
@pytest.mark.parametrize("repeat", [False, True])
def test_d_is_never_suggested(appeal_type, urgent, repeat):
    # when
    dispatch_class, track = suggest_class_and_track(appeal_type, urgent, repeat=repeat)
    # then
    assert dispatch_class != "D"
    assert track == (
        "online" if appeal_type == "consult_general" else "fast" if urgent else "time_limited"
    )
