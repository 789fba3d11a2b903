"""Intake (R10): what is recorded, the human number per Asia/Shanghai day, the suggested class
and track, and input checks that refuse before anything is written."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from jiesu.core.errors import Forbidden, ValidationFailed
from jiesu.testing.builders import intake_data, make_ticket, person
from jiesu.testing.loop import counts, sh
from jiesu.tickets import actions
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Ticket

pytestmark = pytest.mark.usefixtures("city")


def test_intake_records_the_request_and_its_event():
    # when the operator takes a complaint in
    ticket = make_ticket(now=sh(2026, 11, 24, 9, 15), address="花湖小区3栋", enterprise=True)
    # then
    ticket.refresh_from_db()
    assert re.fullmatch(r"\d{8}-\d{6}", ticket.number)
    assert ticket.status == "accepted"
    assert ticket.created_at == sh(2026, 11, 24, 9, 15)
    assert ticket.caller_name == "张三" and ticket.caller_phone == "13800138000"
    assert ticket.region.code == "huangshi" and ticket.category.code == "urban-property"
    assert ticket.intake_unit.code == "city-platform"
    assert ticket.created_by.username == "operator"
    assert ticket.enterprise is True and ticket.address == "花湖小区3栋"
    assert len(ticket.query_code) == 6 and ticket.query_code.isdigit()
    (event,) = ticket.events.all()
    assert event.kind == EventKind.INTAKE
    assert (event.actor_name, event.actor_role, event.actor_unit.code) == (
        "operator",
        "operator",
        "city-platform",
    )
    assert event.actor.username == "operator"
    assert event.at == sh(2026, 11, 24, 9, 15)
    assert event.data["channel"] == "phone" and event.data["appeal_type"] == "complaint"
    assert event.data["category"] == "urban-property" and event.data["region"] == "huangshi"


def test_numbers_are_sequential_per_shanghai_day():
    # given requests around midnight in Shanghai (16:00 UTC)
    at = [
        sh(2026, 11, 24, 8, 0),  # 00:00 UTC on the 24th
        sh(2026, 11, 24, 12, 0),
        sh(2026, 11, 24, 23, 59, 59),
        sh(2026, 11, 25, 0, 0, 30),  # still the 24th in UTC
        datetime(2026, 11, 24, 16, 5, tzinfo=UTC),  # 00:05 on the 25th in Shanghai
        sh(2026, 11, 24, 23, 0),  # a late entry for the 24th keeps counting there
    ]
    # when
    numbers = [make_ticket(now=t).number for t in at]
    # then
    assert numbers == [
        "20261124-000001",
        "20261124-000002",
        "20261124-000003",
        "20261125-000001",
        "20261125-000002",
        "20261124-000004",
    ]
    assert Ticket.objects.filter(number__startswith="20261124-").count() == 4


def test_many_numbers_in_one_day_are_unique():
    numbers = [make_ticket(now=sh(2026, 11, 24, 10, i)).number for i in range(12)]
    assert numbers == [f"20261124-{i:06d}" for i in range(1, 13)]


@pytest.mark.parametrize(
    ("over", "dispatch_class", "track", "urgent"),
    [
        ({"appeal_type": "consult_general", "category": None}, "A", "online", False),
        ({"appeal_type": "complaint"}, "A", "time_limited", False),
        ({"appeal_type": "help", "urgent": True}, "A", "fast", True),
        # a utility matter is urgent by its category (R8)
        ({"appeal_type": "help", "category": "utility-water"}, "A", "fast", True),
    ],
)
def test_class_and_track_suggested_at_intake(over, dispatch_class, track, urgent):
    ticket = make_ticket(now=sh(2026, 11, 24, 9), **over)
    assert (ticket.dispatch_class, ticket.track, ticket.urgent) == (dispatch_class, track, urgent)


def test_anonymous_caller_needs_no_phone_and_keeps_no_name():
    ticket = make_ticket(
        now=sh(2026, 11, 24, 9), anonymous=True, caller_phone="", caller_name="王五"
    )
    assert ticket.anonymous is True and ticket.caller_name == "" and ticket.caller_phone == ""


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("+86 139 1234 5678", "13912345678"),
        ("0714-6221234", "0714-6221234"),
        ("（0714）6221234", "07146221234"),
    ],
)
def test_phone_numbers_are_normalised(raw, stored):
    assert make_ticket(now=sh(2026, 11, 24, 9), caller_phone=raw).caller_phone == stored


def test_region_defaults_to_the_operators_platform_region():
    ticket = make_ticket(now=sh(2026, 11, 24, 9), by="county", region=None)
    assert ticket.region.code == "hsg" and ticket.intake_unit.code == "hsg-platform"


@pytest.mark.parametrize(
    ("over", "code", "field"),
    [
        ({"category": "no-such-matter"}, "unknown_category", "category"),
        ({"region": "atlantis"}, "unknown_region", "region"),
        ({"caller_phone": "12345abc"}, "invalid_phone", "caller.phone"),
        ({"caller_phone": "1380013800"}, "invalid_phone", "caller.phone"),
        ({"caller_phone": ""}, "phone_required", "caller.phone"),
        ({"caller_id_number": "12345"}, "invalid_id_number", "caller.id_number"),
        ({"subject": "   "}, "empty_field", "subject"),
        ({"content": ""}, "empty_field", "content"),
        ({"subject": "长" * 201}, "field_too_long", "subject"),
        ({"address": "路" * 201}, "field_too_long", "address"),  # refused, never cut short
        ({"caller_name": "名" * 61}, "field_too_long", "caller.name"),
        ({"channel": "pigeon"}, "invalid_channel", "channel"),
        ({"appeal_type": "gossip"}, "invalid_appeal_type", "appeal_type"),
        ({"lat": 91.0}, "invalid_coordinates", "lat"),
        ({"lon": -181.0}, "invalid_coordinates", "lon"),
    ],
)
def test_bad_input_is_refused_before_anything_is_written(over, code, field):
    # given
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as exc:
        make_ticket(now=sh(2026, 11, 24, 9), **over)
    # then a stable code, a Chinese message, the field, and nothing written (not even a number)
    assert exc.value.code == code
    assert exc.value.details["field"] == field
    assert re.search(r"[\u4e00-\u9fff]", exc.value.message)
    assert counts() == before
    assert make_ticket(now=sh(2026, 11, 24, 9)).number == "20261124-000001"


@pytest.mark.parametrize("username", ["handler", "street", "supervisor", "citizen"])
def test_only_platform_staff_take_requests_in(username):
    before = counts()
    with pytest.raises(Forbidden):
        actions.intake_ticket(intake_data(), actor=person(username), now=sh(2026, 11, 24, 9))
    assert counts() == before


def test_the_suggestions_the_operator_accepted_are_kept_and_shown(api):
    # given an earlier ticket on the matter
    earlier = make_ticket()
    # when a call is taken in with the unit and the merge the operator accepted (issue 9)
    body = {
        "channel": "phone",
        "caller": {"name": "李四", "phone": "13912345678"},
        "subject": "楼道灯不亮",
        "content": "花湖小区3栋楼道灯坏了三个月。",
        "appeal_type": "complaint",
        "accepted_unit": "city-housing",
        "accepted_primary": earlier.number,
    }
    created = api("operator").post("/tickets", body)
    assert created.status == 201, created.body
    # then the ticket keeps them, says them, and so does its intake event
    assert created.body["accepted_unit"] == "city-housing"
    assert created.body["accepted_primary"] == earlier.number
    ticket = Ticket.objects.get(number=created.body["number"])
    (event,) = ticket.events.all()
    assert event.data["accepted_unit"] == "city-housing"
    assert event.data["accepted_primary"] == earlier.number
    # and a call taken in without them says so
    plain = api("operator").post(
        "/tickets", {**body, "accepted_unit": None, "accepted_primary": None}
    )
    assert (plain.body["accepted_unit"], plain.body["accepted_primary"]) == (None, None)
