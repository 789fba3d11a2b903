"""R4/R5: the platform classifies (A–D) and chooses the handling track; intake suggests, and a
repeat caller on the same matter (一人多次) gets a C-class proposal that the platform confirms by
classifying (R16: only a confirmed key request goes to the deputy leader). D is never suggested."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.testing.builders import T0, make_ticket
from jiesu.tickets.actions.intake import (
    repeat_matters,
    same_matter_similarity,
    suggest_class_and_track,
)
from jiesu.tickets.choices import AppealType
from jiesu.tickets.models import Event

pytestmark = pytest.mark.usefixtures("clock")

BODY = {
    "channel": "phone",
    "caller": {"name": "李四", "phone": "13900139000"},
    "subject": "小区噪声扰民",
    "content": "夜间施工噪声严重。",
    "appeal_type": "complaint",
    "region": "huangshi",
    "category": "env-noise",
}


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
        "from": {
            "dispatch_class": "A",
            "track": "time_limited",
            "key_request": False,
            "urgent": False,
            "proposed_class": "",
        },
        "to": {
            "dispatch_class": "B",
            "track": "proactive",
            "key_request": False,
            "urgent": False,
            "proposed_class": "",
        },
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
    assert reply.body["levels"] == ["deputy_leader", "platform"]


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
    [
        ("handler", 404, "ticket_not_found"),
        ("supervisor", 403, "forbidden"),
        ("citizen", 404, "ticket_not_found"),
    ],
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


# --- the intake suggestion: 一人多次 on the same matter proposes C -------------------------------

NOISE = {"subject": "夜间施工噪声扰民", "content": "晚上十点以后工地还在施工，噪声很大，无法入睡。"}


def test_a_third_call_on_the_same_matter_within_30_days_proposes_c(api):
    # given two earlier tickets from the same phone on the same category (env-noise)
    first = make_ticket(
        caller_phone="13900139000", category="env-noise", now=T0 - timedelta(days=29)
    )
    second = make_ticket(
        caller_phone="13900139000", category="env-noise", now=T0 - timedelta(days=3)
    )
    # when
    response = api("operator").post("/tickets", BODY)
    # then C is proposed, not imposed: the class stays A and it is no key request yet
    assert response.status == 201, response.body
    body = response.body
    assert (body["dispatch_class"], body["proposed_class"], body["key_request"]) == (
        "A",
        "C",
        False,
    )
    intake = events_of(body["number"])[0]
    assert (intake.data["dispatch_class"], intake.data["key_request"]) == ("A", False)
    assert intake.data["proposed_class"] == "C"
    assert intake.data["repeat_of"] == [second.number, first.number]


def test_similar_text_without_a_category_is_the_same_matter(api):
    # given two earlier calls about the same night-time noise, taken in without a category
    for ago in (10, 2):
        make_ticket(
            caller_phone="13900139000", category=None, now=T0 - timedelta(days=ago), **NOISE
        )
    # when
    response = api("operator").post("/tickets", {**BODY, "category": None, **NOISE})
    # then
    assert response.body["proposed_class"] == "C"


def test_other_matters_from_a_frequent_caller_propose_nothing(api):
    # given two earlier calls from the phone, on an unrelated matter (a stairway light)
    for ago in (10, 2):
        make_ticket(caller_phone="13900139000", now=T0 - timedelta(days=ago))
    # when
    response = api("operator").post("/tickets", BODY)
    # then
    assert (response.body["dispatch_class"], response.body["proposed_class"]) == ("A", "")


@pytest.mark.parametrize(
    "earlier",
    [
        [timedelta(days=2)],  # only one earlier ticket
        [timedelta(days=31), timedelta(days=2)],  # one of them outside the 30 days
    ],
)
def test_fewer_than_two_earlier_calls_in_30_days_is_not_a_repeat(api, earlier):
    # given
    for ago in earlier:
        make_ticket(caller_phone="13900139000", category="env-noise", now=T0 - ago)
    # when
    response = api("operator").post("/tickets", BODY)
    # then
    assert (response.body["dispatch_class"], response.body["proposed_class"]) == ("A", "")


@pytest.mark.parametrize(("days", "proposed"), [(7, "C"), (3, "")])
def test_the_thresholds_are_settings(api, settings, days, proposed):
    # given one earlier call on the matter 5 days ago, and a city that counts one call
    settings.JIESU_REPEAT_CALLER_EARLIER = 1
    settings.JIESU_REPEAT_CALLER_DAYS = days
    make_ticket(caller_phone="13900139000", category="env-noise", now=T0 - timedelta(days=5))
    # when
    response = api("operator").post("/tickets", BODY)
    # then
    assert response.body["proposed_class"] == proposed


def test_the_similarity_threshold_is_a_setting(api, settings):
    # given two earlier calls about noise, without a category
    for ago in (10, 2):
        make_ticket(
            caller_phone="13900139000", category=None, now=T0 - timedelta(days=ago), **NOISE
        )
    settings.JIESU_REPEAT_CALLER_SIMILARITY = 0.99
    # when
    response = api("operator").post("/tickets", {**BODY, "category": None})
    # then
    assert response.body["proposed_class"] == ""


def test_the_platform_confirms_the_proposal_and_only_then_the_deputy_leader_reviews(api):
    # given a proposed C, dispatched unconfirmed: the section head reviews
    for ago in (10, 2):
        make_ticket(
            caller_phone="13900139000", category="urban-property", now=T0 - timedelta(days=ago)
        )
    unconfirmed = make_ticket(caller_phone="13900139000", category="urban-property")
    assert (unconfirmed.proposed_class, unconfirmed.key_request) == ("C", False)
    confirmed = make_ticket(caller_phone="13900139000", category="urban-property")
    # when the platform confirms the second one
    response = api("dispatcher").post(
        f"/tickets/{confirmed.number}/classify", {"dispatch_class": "C", "track": "time_limited"}
    )
    # then it is a key request whose reply needs the deputy leader (R16)
    assert (
        response.body["dispatch_class"],
        response.body["proposed_class"],
        response.body["key_request"],
    ) == (
        "C",
        "",
        True,
    )
    assert events_of(confirmed.number)[-1].data["from"]["proposed_class"] == "C"
    levels = {}
    for ticket in (unconfirmed, confirmed):
        assignment = api("dispatcher").post(f"/tickets/{ticket.number}/dispatch", {}).body[0]
        api("handler").post(f"/assignments/{assignment['id']}/sign")
        reply = api("handler").post(
            f"/assignments/{assignment['id']}/reply", {"content": "已处理。"}
        )
        levels[ticket.number] = reply.body["levels"][
            0
        ]  # the unit's own level; the platform's follows
    assert levels == {unconfirmed.number: "section_head", confirmed.number: "deputy_leader"}


def test_the_desk_shows_the_proposal_until_the_platform_settles_it(api):
    # given a proposed C
    for ago in (10, 2):
        make_ticket(caller_phone="13900139000", category="env-noise", now=T0 - timedelta(days=ago))
    number = api("operator").post("/tickets", BODY).body["number"]
    desk = Client()
    desk.force_login(get_user_model().objects.get(username="dispatcher"))
    hint = "建议C类：一人多次，待平台确认"
    # when / then
    assert hint in desk.get(f"/desk/t/{number}/").content.decode()
    api("dispatcher").post(
        f"/tickets/{number}/classify", {"dispatch_class": "C", "track": "time_limited"}
    )
    assert hint not in desk.get(f"/desk/t/{number}/").content.decode()


def test_the_platform_may_settle_a_proposal_without_changing_the_class(api):
    # given
    for ago in (10, 2):
        make_ticket(caller_phone="13900139000", category="env-noise", now=T0 - timedelta(days=ago))
    number = api("operator").post("/tickets", BODY).body["number"]
    # when the platform keeps A
    response = api("dispatcher").post(
        f"/tickets/{number}/classify", {"dispatch_class": "A", "track": "time_limited"}
    )
    # then the proposal is settled, on the record
    assert (response.status, response.body["proposed_class"], response.body["key_request"]) == (
        200,
        "",
        False,
    )


def test_a_110_hand_over_number_is_never_a_repeat_caller(api):
    # given
    for _ in range(3):
        make_ticket(
            channel="police110", caller_phone="110", appeal_type="help", category="env-noise"
        )
    # when
    response = api("operator").post(
        "/tickets",
        {**BODY, "channel": "police110", "caller": {"name": "110指挥中心", "phone": "110"}},
    )
    # then
    assert response.body["proposed_class"] == ""


def test_a_general_consultation_is_still_answered_online_for_a_repeat_caller(api):
    # given
    for _ in range(2):
        make_ticket(caller_phone="13900139000", category="env-noise")
    # when
    response = api("operator").post("/tickets", {**BODY, "appeal_type": "consult_general"})
    # then
    body = response.body
    assert (body["dispatch_class"], body["track"], body["proposed_class"], body["key_request"]) == (
        "A",
        "online",
        "",
        False,
    )


def test_the_repeat_check_is_one_query(city, django_assert_num_queries):
    # given
    make_ticket(caller_phone="13900139000")
    make_ticket(caller_phone="13900139000")
    # when / then
    with django_assert_num_queries(1):
        assert len(repeat_matters("13900139000", None, "小区楼道灯长期不亮", T0)) == 2


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            "小区噪声扰民夜间施工噪声严重。",
            "夜间施工噪声扰民晚上十点后工地还在施工，噪声很大。",
            True,
        ),
        ("拖欠工资某公司拖欠三个月工资", "工资还没发，某公司拖欠工资已经三个月了", True),
        ("小区噪声扰民夜间施工噪声严重。", "小区楼道灯长期不亮，物业一直不修。", False),
        ("如何提取住房公积金", "小区噪声扰民夜间施工噪声严重。", False),
        ("", "小区噪声扰民", False),
    ],
)
def test_same_matter_similarity(a, b, same):
    assert (same_matter_similarity(a, b) >= 0.2) is same


@pytest.mark.parametrize("appeal_type", AppealType.values)
@pytest.mark.parametrize("urgent", [False, True])
def test_d_is_never_suggested(appeal_type, urgent):
    # when
    dispatch_class, track = suggest_class_and_track(appeal_type, urgent)
    # then
    assert dispatch_class == "A"
    assert track == (
        "online" if appeal_type == "consult_general" else "fast" if urgent else "time_limited"
    )
