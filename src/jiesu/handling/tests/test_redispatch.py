"""County re-dispatch (R1–R3): the county platform holding an assignment hands it to its own
county departments and townships/streets; each child has its own clocks from the re-dispatch."""

from __future__ import annotations

from datetime import datetime

import pytest

from jiesu.testing.builders import add_person
from jiesu.testing.handling import at, dispatch, kinds, new_ticket, snapshot
from jiesu.tickets.models import Assignment, Event


@pytest.fixture
def county_assignment(api, clock) -> tuple[str, int]:
    number = new_ticket()
    (top,) = dispatch(api, number, "hsg-platform")
    return number, top["id"]


def test_county_redispatches_to_a_street_and_a_county_department(api, clock, county_assignment):
    # given: the city dispatched to 黄石港区 at Mon 09:00
    number, parent_id = county_assignment
    before = len(kinds(number))
    clock.move_to(at(6, 23, 15))
    # when
    response = api("county").post(
        f"/assignments/{parent_id}/redispatch",
        {"main_unit": "hsg-st-1", "assist_units": ["hsg-housing"]},
    )
    # then: two children under the county's assignment, clocks from 15:00
    assert response.status == 201, response.body
    main, assist = response.body
    assert (main["unit"], main["role"], main["parent"]) == ("hsg-st-1", "main", parent_id)
    assert (assist["unit"], assist["role"], assist["parent"]) == (
        "hsg-housing",
        "assist",
        parent_id,
    )
    for child in (main, assist):
        assert datetime.fromisoformat(child["dispatched_at"]) == at(6, 23, 15)
        assert datetime.fromisoformat(child["sign_deadline"]) == at(6, 24, 15)
        assert datetime.fromisoformat(child["answer_deadline"]) == at(6, 30, 15)
    parent = Assignment.objects.get(pk=parent_id)
    assert parent.status == "redispatched"
    assert parent.signed_at == at(6, 23, 15)
    # and the record tells the story: the county took the work, then handed it down
    assert kinds(number, before) == ["signed", "dispatched", "dispatched", "redispatched"]
    event = Event.objects.get(assignment_id=parent_id, kind="redispatched")
    assert event.data == {
        "main_unit": "hsg-st-1",
        "assist_units": ["hsg-housing"],
        "children": [main["id"], assist["id"]],
    }
    assert event.actor_name == "county"
    dispatched = Event.objects.get(assignment_id=main["id"], kind="dispatched")
    assert dispatched.data["from_unit"] == "hsg-platform"
    assert dispatched.data["parent"] == parent_id


def test_a_village_is_never_a_handling_unit(api, county_assignment):
    # given
    number, parent_id = county_assignment
    before = snapshot(parent_id)
    # when: 花湖社区 is a community under 花湖街道
    response = api("county").post(
        f"/assignments/{parent_id}/redispatch", {"main_unit": "hsg-st-1-c1"}
    )
    # then
    assert response.status == 422
    assert response.body["code"] == "village_not_handling_unit"
    assert response.body["rule"] == "R2"
    assert snapshot(parent_id) == before


@pytest.mark.parametrize(
    "body",
    [
        {"main_unit": "xss-st-1"},  # a street of another county
        {"main_unit": "city-housing"},  # a city department: the city platform's to dispatch
        {"main_unit": "hsg-st-1", "assist_units": ["hs-water"]},  # a utility, even as assistant
    ],
)
def test_only_the_countys_own_departments_and_streets(api, county_assignment, body):
    # given
    number, parent_id = county_assignment
    before = snapshot(parent_id)
    # when
    response = api("county").post(f"/assignments/{parent_id}/redispatch", body)
    # then
    assert response.status == 422
    assert (response.body["code"], response.body["rule"]) == ("unit_not_dispatchable", "R3")
    assert snapshot(parent_id) == before


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"main_unit": ""}, "main_unit_required"),
        ({"main_unit": "hsg-nowhere"}, "unknown_unit"),
        ({"main_unit": "hsg-st-1", "assist_units": ["hsg-st-1"]}, "duplicate_unit"),
    ],
)
def test_bad_targets_change_nothing(api, county_assignment, body, code):
    number, parent_id = county_assignment
    before = snapshot(parent_id)
    response = api("county").post(f"/assignments/{parent_id}/redispatch", body)
    assert (response.status, response.body["code"]) == (422, code)
    assert snapshot(parent_id) == before


def test_only_the_holding_county_platforms_dispatcher(api, county_assignment):
    # given: people who may see the ticket but do not hold the assignment
    number, parent_id = county_assignment
    add_person("county_operator", "operator", "hsg-platform")
    add_person("xss_county", "platform_dispatcher", "xss-platform")
    before = snapshot(parent_id)
    body = {"main_unit": "hsg-st-1"}
    # when / then: the city dispatcher sees everything but does not hold it
    assert api("dispatcher").post(f"/assignments/{parent_id}/redispatch", body).status == 403
    # the county's operator is not its dispatcher
    assert api("county_operator").post(f"/assignments/{parent_id}/redispatch", body).status == 403
    # another county's platform does not even see the ticket
    assert api("xss_county").post(f"/assignments/{parent_id}/redispatch", body).status == 404
    assert snapshot(parent_id) == before
    # and the administrator may act for the county platform
    assert api("admin").post(f"/assignments/{parent_id}/redispatch", body).status == 201


def test_redispatch_happens_once(api, county_assignment):
    number, parent_id = county_assignment
    assert (
        api("county").post(f"/assignments/{parent_id}/redispatch", {"main_unit": "hsg-st-1"}).status
        == 201
    )
    before = snapshot(parent_id)
    response = api("county").post(f"/assignments/{parent_id}/redispatch", {"main_unit": "hsg-st-2"})
    assert (response.status, response.body["code"]) == (409, "state_conflict")
    assert snapshot(parent_id) == before


def test_only_a_county_platforms_assignment_is_redispatched(api, clock):
    # given: a city department's assignment
    number = new_ticket()
    (top,) = dispatch(api, number, "city-housing")
    before = snapshot(top["id"])
    # when
    response = api("admin").post(f"/assignments/{top['id']}/redispatch", {"main_unit": "hsg-st-1"})
    # then
    assert (response.status, response.body["code"]) == (422, "not_county_platform")
    assert snapshot(top["id"]) == before
