"""The county platform reviews replies from below (R16): a child's reply goes through the
street's own section head, then up to the county platform (level ``upper``), which approves —
answering the county's assignment and the ticket — or sends it back (退回重办) with a reason."""

from __future__ import annotations

import pytest

from jiesu.testing.handling import at, dispatch, kinds, new_ticket
from jiesu.tickets.models import Assignment, Event, Reply


@pytest.fixture
def street_reply(api, clock) -> dict:
    """City → 黄石港区 → 花湖街道 (main) + 区住建局 (assist); the street signs and replies, and its
    section head approves: the reply now waits for the county platform."""
    number = new_ticket()
    (top,) = dispatch(api, number, "hsg-platform")
    clock.move_to(at(6, 23, 11))
    children = (
        api("county")
        .post(
            f"/assignments/{top['id']}/redispatch",
            {"main_unit": "hsg-st-1", "assist_units": ["hsg-housing"]},
        )
        .body
    )
    street_id = children[0]["id"]
    clock.move_to(at(6, 23, 14))
    assert api("street").post(f"/assignments/{street_id}/sign").status == 200
    clock.move_to(at(6, 25, 10))
    reply = (
        api("street")
        .post(f"/assignments/{street_id}/reply", {"content": "已联系物业，楼道灯已全部修复。"})
        .body
    )
    assert reply["levels"] == ["section_head", "upper"]
    clock.move_to(at(6, 25, 16))
    reviewed = api("street_head").post(f"/replies/{reply['id']}/review", {"approve": True}).body
    assert reviewed["current_level"] == "upper"
    return {"number": number, "parent": top["id"], "street": street_id, "reply": reply["id"]}


def test_the_whole_chain_from_city_to_street_and_back(api, clock, street_reply):
    # given: the street's reply approved inside the street, waiting for the county
    s = street_reply
    clock.move_to(at(6, 26, 9))
    # when: the county platform approves it, and the city calls the caller back
    approved = api("county").post(
        f"/replies/{s['reply']}/review", {"approve": True, "comment": "答复规范"}
    )
    # then: the street's work, the county's assignment and the ticket are answered
    assert approved.status == 200, approved.body
    assert approved.body["status"] == "approved"
    assert Assignment.objects.get(pk=s["street"]).status == "answered"
    parent = Assignment.objects.get(pk=s["parent"])
    assert (parent.status, parent.answered_at) == ("answered", at(6, 26, 9))
    ticket = api("dispatcher").get(f"/tickets/{s['number']}").body
    assert ticket["status"] == "replied"
    assert ticket["answer"] == "已联系物业，楼道灯已全部修复。"
    # when: the callback is satisfied
    clock.move_to(at(6, 27, 10))
    callback = api("dispatcher").post(f"/tickets/{s['number']}/callback", {"result": "satisfied"})
    # then
    assert (callback.status, callback.body["status"]) == (201, "closed")
    assert kinds(s["number"]) == [
        "intake",
        "dispatched",  # city → county platform
        "signed",  # the county takes it by re-dispatching
        "dispatched",  # county → street (main)
        "dispatched",  # county → 区住建局 (assist)
        "redispatched",
        "signed",  # the street
        "reply_submitted",
        "reply_reviewed",  # the street's section head
        "reply_reviewed",  # the county platform (upper)
        "reply_approved",  # the street's assignment
        "reply_approved",  # the county's assignment, from its child
        "ticket_replied",
        "callback",
        "closed",
        "assignment_withdrawn",  # 区住建局 never signed: closing ends its share (R17)
    ]
    upper = Event.objects.filter(kind="reply_reviewed").order_by("id").last()
    assert (upper.data["level"], upper.actor_name, upper.actor_unit.code) == (
        "upper",
        "county",
        "hsg-platform",
    )


def test_the_county_sends_a_reply_back_with_a_reason(api, clock, street_reply):
    # given
    s = street_reply
    before = len(kinds(s["number"]))
    # when: the county finds the answer not specific (退回重办)
    response = api("county").post(
        f"/replies/{s['reply']}/review",
        {"approve": False, "comment": "答复不具体：未说明维修时间和责任人。"},
    )
    # then: the street handles again; nothing above it moves
    assert response.status == 200, response.body
    assert response.body["status"] == "sent_back"
    assert Assignment.objects.get(pk=s["street"]).status == "handling"
    assert Assignment.objects.get(pk=s["parent"]).status == "redispatched"
    assert api("dispatcher").get(f"/tickets/{s['number']}").body["status"] == "dispatched"
    assert kinds(s["number"], before) == ["reply_reviewed", "reply_sent_back"]
    sent_back = Event.objects.get(kind="reply_sent_back")
    assert sent_back.data["reason"] == "答复不具体：未说明维修时间和责任人。"
    # and the street can reply again, into the same two-level chain
    again = api("street").post(
        f"/assignments/{s['street']}/reply", {"content": "已于6月27日修复，责任人王某。"}
    )
    assert (again.status, again.body["levels"]) == (201, ["section_head", "upper"])


def test_sending_back_needs_a_reason_and_changes_nothing(api, street_reply):
    # given
    s = street_reply
    events_before = Event.objects.count()
    # when
    response = api("county").post(
        f"/replies/{s['reply']}/review", {"approve": False, "comment": "  "}
    )
    # then
    assert (response.status, response.body["code"]) == (422, "reason_required")
    reply = Reply.objects.get(pk=s["reply"])
    assert (reply.status, reply.level_index) == ("in_review", 1)
    assert Assignment.objects.get(pk=s["street"]).status == "reply_review"
    assert Event.objects.count() == events_before


@pytest.mark.parametrize("who", ["street_head", "street", "dispatcher"])
def test_only_the_county_platform_reviews_at_the_upper_level(api, street_reply, who):
    # given: the street's own people, and the city platform that did not re-dispatch it
    s = street_reply
    events_before = Event.objects.count()
    # when
    response = api(who).post(f"/replies/{s['reply']}/review", {"approve": True})
    # then
    assert response.status == 403
    assert Reply.objects.get(pk=s["reply"]).level_index == 1
    assert Event.objects.count() == events_before
