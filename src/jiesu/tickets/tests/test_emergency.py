"""R8 紧急诉求应急联动: utility matters and urgent requests run on hour clocks (联动快办), the city
platform dispatches straight to the utility as a first-level unit, and non-police help handed
over by 110 comes in as channel `police110`."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from jiesu.testing.builders import SH
from jiesu.tickets.models import Assignment, Event

FRIDAY_EVENING = datetime(
    2025, 9, 26, 17, 30, tzinfo=SH
)  # before a weekend: working days would differ
WATER = {
    "channel": "phone",
    "caller": {"name": "王五", "phone": "13700137000"},
    "subject": "小区停水",
    "content": "花湖小区整栋楼停水半天，未见通知。",
    "appeal_type": "help",
    "region": "huangshi",
    "category": "utility-water",
}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(FRIDAY_EVENING, tick=False) as traveller:
        yield traveller


def test_a_utility_matter_is_urgent_on_the_fast_track(api):
    # when
    response = api("operator").post("/tickets", WATER)
    # then
    assert response.status == 201, response.body
    assert (response.body["urgent"], response.body["track"], response.body["dispatch_class"]) == (
        True,
        "fast",
        "A",
    )


def test_the_city_platform_dispatches_straight_to_the_water_company_on_hour_clocks(api):
    # given
    number = api("operator").post("/tickets", WATER).body["number"]
    # when: no unit named — the catalogue routes utility-water to hs-water
    response = api("dispatcher").post(f"/tickets/{number}/dispatch", {})
    # then
    assert response.status == 201, response.body
    [assignment] = response.body
    assert (assignment["unit"], assignment["role"]) == ("hs-water", "main")
    row = Assignment.objects.get(pk=assignment["id"])
    assert row.sign_deadline == FRIDAY_EVENING + timedelta(hours=1)
    assert row.answer_deadline == FRIDAY_EVENING + timedelta(hours=24)
    dispatched = Event.objects.get(ticket__number=number, kind="dispatched")
    assert (dispatched.data["urgent"], dispatched.data["from_unit"]) == (True, "city-platform")


def test_the_hour_clocks_are_configuration(api, settings):
    # given
    settings.JIESU_URGENT_SIGN_HOURS = 2
    settings.JIESU_URGENT_ANSWER_HOURS = 12
    number = api("operator").post("/tickets", WATER).body["number"]
    # when
    response = api("dispatcher").post(f"/tickets/{number}/dispatch", {"main_unit": "hs-water"})
    # then
    row = Assignment.objects.get(pk=response.body[0]["id"])
    assert row.sign_deadline == FRIDAY_EVENING + timedelta(hours=2)
    assert row.answer_deadline == FRIDAY_EVENING + timedelta(hours=12)


def test_an_urgent_flag_alone_gives_hour_clocks(api):
    # given
    body = {**WATER, "category": "urban-property", "subject": "电梯困人", "urgent": True}
    number = api("operator").post("/tickets", body).body["number"]
    # when
    response = api("dispatcher").post(f"/tickets/{number}/dispatch", {"main_unit": "city-housing"})
    # then
    row = Assignment.objects.get(pk=response.body[0]["id"])
    assert row.sign_deadline == FRIDAY_EVENING + timedelta(hours=1)


def test_a_county_platform_may_not_dispatch_to_a_utility(api):
    # given: the county platform took the call
    number = api("county").post("/tickets", {**WATER, "region": "hsg"}).body["number"]
    before = Event.objects.filter(ticket__number=number).count()
    # when
    response = api("county").post(f"/tickets/{number}/dispatch", {"main_unit": "hs-water"})
    # then
    assert (response.status, response.body["code"]) == (422, "unit_not_dispatchable")
    assert Event.objects.filter(ticket__number=number).count() == before
    assert not Assignment.objects.filter(ticket__number=number).exists()


def test_another_unit_cannot_sign_the_utilitys_urgent_work(api):
    # given
    number = api("operator").post("/tickets", WATER).body["number"]
    assignment = api("dispatcher").post(f"/tickets/{number}/dispatch", {}).body[0]
    # when
    outsider = api("handler").post(f"/assignments/{assignment['id']}/sign")
    water = api("water").post(f"/assignments/{assignment['id']}/sign")
    # then
    assert (outsider.status, outsider.body["code"]) == (404, "assignment_not_found")
    assert water.status == 200, water.body
    assert water.body["sign_overdue"] is False


def test_non_police_help_from_110_comes_in_as_channel_police110(api):
    # when
    response = api("operator").post(
        "/tickets",
        {
            **WATER,
            "channel": "police110",
            "caller": {"name": "110指挥中心", "phone": "110"},
            "subject": "110转：老人家中水管爆裂求助",
        },
    )
    # then
    assert response.status == 201, response.body
    assert response.body["channel"] == "police110"
    intake = Event.objects.get(ticket__number=response.body["number"], kind="intake")
    assert intake.data["channel"] == "police110"
