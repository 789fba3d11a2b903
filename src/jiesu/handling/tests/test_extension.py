"""Extension (R8b): the unit applies, the platform that dispatched the work decides; the total
answer time never passes 15 working days unless the category has a legal time limit."""

from __future__ import annotations

from datetime import datetime

import pytest

from jiesu.handling.models import ExtensionRequest
from jiesu.testing.builders import add_person
from jiesu.testing.handling import at, dispatch, kinds, new_ticket, snapshot
from jiesu.tickets import actions, deadlines
from jiesu.tickets.models import Assignment, Event


def ask(api, assignment_id: int, days: int, who: str = "handler"):
    return api(who).post(
        f"/assignments/{assignment_id}/extension",
        {"working_days": days, "reason": "需现场勘查并协调物业"},
    )


def test_an_approved_extension_moves_the_answer_deadline(api, clock, housing):
    # given
    number, aid = housing
    before = len(kinds(number))
    # when: the unit asks for 3 working days and the city platform approves
    clock.move_to(at(6, 25, 10))
    asked = ask(api, aid, 3)
    clock.move_to(at(6, 25, 15))
    decided = api("dispatcher").post(
        f"/extensions/{asked.body['id']}/decide", {"approve": True, "reason": "同意"}
    )
    # then
    assert asked.status == 201, asked.body
    assert asked.body["status"] == "pending"
    assert decided.status == 200, decided.body
    assert (decided.body["status"], decided.body["extension_days"]) == ("approved", 3)
    assert datetime.fromisoformat(decided.body["answer_deadline"]) == at(7, 3, 9)
    assignment = Assignment.objects.get(pk=aid)
    assert (assignment.extension_days, assignment.answer_deadline) == (3, at(7, 3, 9))
    # the deadline is recomputable from the record alone
    assert deadlines.from_events(assignment).answer_deadline == assignment.answer_deadline
    assert kinds(number, before) == ["extension_requested", "extension_decided"]
    decided_event = Event.objects.get(kind="extension_decided")
    assert decided_event.data == {
        "request": asked.body["id"],
        "approve": True,
        "working_days": 3,
        "reason": "同意",
    }
    assert decided_event.assignment_id == aid


def test_a_refusal_needs_a_reason_and_keeps_the_deadline(api, housing):
    # given
    number, aid = housing
    request_id = ask(api, aid, 3).body["id"]
    before = snapshot(aid)
    # when: refused without a reason
    bare = api("dispatcher").post(f"/extensions/{request_id}/decide", {"approve": False})
    # then
    assert (bare.status, bare.body["code"]) == (422, "reason_required")
    assert snapshot(aid) == before
    assert ExtensionRequest.objects.get(pk=request_id).status == "pending"
    # when: refused with one
    refused = api("dispatcher").post(
        f"/extensions/{request_id}/decide", {"approve": False, "reason": "可在时限内办结"}
    )
    # then
    assert refused.body["status"] == "refused"
    assert Assignment.objects.get(pk=aid).answer_deadline == at(6, 30, 9)
    assert Event.objects.get(kind="extension_decided").data == {
        "request": request_id,
        "approve": False,
        "working_days": 3,
        "reason": "可在时限内办结",
    }
    assert deadlines.from_events(Assignment.objects.get(pk=aid)).answer_deadline == at(6, 30, 9)
    # and a decided request is not decided twice
    again = api("dispatcher").post(f"/extensions/{request_id}/decide", {"approve": True})
    assert (again.status, again.body["code"]) == (409, "state_conflict")


def test_one_pending_request_at_a_time(api, housing):
    number, aid = housing
    assert ask(api, aid, 2).status == 201
    before = snapshot(aid)
    second = ask(api, aid, 2)
    assert (second.status, second.body["code"]) == (409, "extension_pending")
    assert snapshot(aid) == before
    assert ExtensionRequest.objects.count() == 1


def test_fifteen_working_days_in_all(api, housing):
    # given: a complaint has 5 working days; 10 more reach the limit
    number, aid = housing
    before = snapshot(aid)
    # when: asking for 11
    over = ask(api, aid, 11)
    # then
    assert (over.status, over.body["code"], over.body["limit"]) == (
        422,
        "extension_limit_exceeded",
        15,
    )
    assert snapshot(aid) == before and ExtensionRequest.objects.count() == 0
    # when: 10 are approved, not one day more can be asked for
    first = ask(api, aid, 10).body["id"]
    assert api("dispatcher").post(f"/extensions/{first}/decide", {"approve": True}).status == 200
    more = ask(api, aid, 1)
    assert (more.status, more.body["code"], more.body["available"]) == (
        422,
        "extension_limit_exceeded",
        0,
    )


def test_the_limit_holds_at_the_decision_too(api, housing, settings):
    # given: 10 days asked within the limit; then the limit is lowered
    number, aid = housing
    request_id = ask(api, aid, 10).body["id"]
    settings.JIESU_MAX_TOTAL_WORKING_DAYS = 12
    before = snapshot(aid)
    # when
    response = api("dispatcher").post(f"/extensions/{request_id}/decide", {"approve": True})
    # then
    assert (response.status, response.body["code"]) == (422, "extension_limit_exceeded")
    assert snapshot(aid) == before
    assert ExtensionRequest.objects.get(pk=request_id).status == "pending"


def test_a_legal_time_limit_rules(api, clock):
    # given: 政府信息公开 has a legal limit of 20 working days
    add_person("gov_handler", "unit_handler", "city-gov-service")
    number = new_ticket(category="gov-info-disclosure")
    (top,) = dispatch(api, number, "city-gov-service")
    api("gov_handler").post(f"/assignments/{top['id']}/sign")
    # when / then: the legal limit is also the base answer time (decision 0012), so the 20
    # working days are given at dispatch and no extension goes past them
    over = ask(api, top["id"], 1, who="gov_handler")
    assert (over.status, over.body["code"], over.body["limit"], over.body["available"]) == (
        422,
        "extension_limit_exceeded",
        20,
        0,
    )


def test_only_signed_work_in_hand_can_be_extended(api, clock):
    # given: dispatched, not yet signed
    number = new_ticket()
    (top,) = dispatch(api, number, "city-housing")
    before = snapshot(top["id"])
    # when
    response = ask(api, top["id"], 2)
    # then
    assert (response.status, response.body["code"]) == (409, "state_conflict")
    assert snapshot(top["id"]) == before


@pytest.mark.parametrize(
    ("days", "code"), [(0, "invalid_working_days"), (-2, "invalid_working_days")]
)
def test_bad_inputs_change_nothing(api, housing, days, code):
    number, aid = housing
    before = snapshot(aid)
    response = ask(api, aid, days)
    assert (response.status, response.body["code"]) == (422, code)
    no_reason = api("handler").post(
        f"/assignments/{aid}/extension", {"working_days": 2, "reason": " "}
    )
    assert (no_reason.status, no_reason.body["code"]) == (422, "empty_field")
    assert snapshot(aid) == before and ExtensionRequest.objects.count() == 0


def test_outsiders_are_refused(api, housing):
    # given: 市供水公司 assists on the same ticket; a street does not see it at all
    number, aid = housing
    before = snapshot(aid)
    # when / then: asking on someone else's assignment
    assert ask(api, aid, 2, who="water").status == 403
    assert ask(api, aid, 2, who="street").status == 404
    assert snapshot(aid) == before
    # deciding: only the dispatching platform's dispatcher
    request_id = ask(api, aid, 2).body["id"]
    for who, status in [("handler", 403), ("leader", 403), ("operator", 403), ("county", 404)]:
        assert (
            api(who).post(f"/extensions/{request_id}/decide", {"approve": True}).status == status
        ), who
    assert ExtensionRequest.objects.get(pk=request_id).status == "pending"


def test_the_county_decides_on_its_childrens_extensions(api, clock):
    # given: city → 黄石港区 → 花湖街道, signed by the street
    number = new_ticket()
    (top,) = dispatch(api, number, "hsg-platform")
    (child,) = (
        api("county").post(f"/assignments/{top['id']}/redispatch", {"main_unit": "hsg-st-1"}).body
    )
    api("street").post(f"/assignments/{child['id']}/sign")
    request_id = ask(api, child["id"], 2, who="street").body["id"]
    # when / then: the city platform did not dispatch this hop; the county did
    assert (
        api("dispatcher").post(f"/extensions/{request_id}/decide", {"approve": True}).status == 403
    )
    response = api("county").post(f"/extensions/{request_id}/decide", {"approve": True})
    assert response.status == 200, response.body
    assert datetime.fromisoformat(response.body["answer_deadline"]) == at(7, 2, 9)
    # and the county asks the city for its own assignment, still open while the street works
    own = ask(api, top["id"], 2, who="county")
    assert own.status == 201, own.body
    assert (
        api("county").post(f"/extensions/{own.body['id']}/decide", {"approve": True}).status == 403
    )
    assert (
        api("dispatcher").post(f"/extensions/{own.body['id']}/decide", {"approve": True}).status
        == 200
    )


def test_an_extension_lifts_the_overdue_mark(api, clock, housing):
    # given: the deadline (Mon 06-30 09:00) passed and the sweep marked it
    number, aid = housing
    clock.move_to(at(6, 30, 10))
    actions.sweep()
    assert Assignment.objects.get(pk=aid).answer_overdue_at == at(6, 30, 10)
    # when: 3 more working days are approved
    request_id = ask(api, aid, 3).body["id"]
    api("dispatcher").post(f"/extensions/{request_id}/decide", {"approve": True})
    # then: the new deadline is ahead, so the marks are cleared for the sweep to make again
    assignment = Assignment.objects.get(pk=aid)
    assert assignment.answer_deadline == at(7, 3, 9)
    assert (assignment.answer_warned_at, assignment.answer_overdue_at) == (None, None)
