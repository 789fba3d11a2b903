"""Dispatch (R13) to one main unit and assisting units, each with its own clocks; who may be
dispatched to from which platform (R2, R3); the catalogue's default route (R6)."""

from __future__ import annotations

import pytest

from jiesu.core.errors import Conflict, Forbidden, ValidationFailed
from jiesu.testing.builders import make_ticket, person
from jiesu.testing.loop import counts, kinds, replied, sh
from jiesu.tickets import actions
from jiesu.tickets.choices import EventKind

pytestmark = pytest.mark.usefixtures("city")

AT = sh(2026, 11, 24, 9, 30)


def dispatch(number, main=None, assists=None, by="dispatcher"):
    return actions.dispatch_ticket(
        number, main_unit=main, assist_units=assists, actor=person(by), now=AT
    )


def test_dispatch_opens_one_assignment_per_unit_with_clocks_and_events():
    # given
    ticket = make_ticket(now=sh(2026, 11, 24, 9))
    # when
    created = dispatch(ticket.number, "city-housing", ["city-urban", "hs-power"])
    # then
    ticket.refresh_from_db()
    assert ticket.status == "dispatched"
    assert [(a.unit.code, a.role, a.status) for a in created] == [
        ("city-housing", "main", "pending_sign"),
        ("city-urban", "assist", "pending_sign"),
        ("hs-power", "assist", "pending_sign"),
    ]
    for a in created:
        a.refresh_from_db()
        assert a.dispatched_at == AT and a.clock_started_at == AT
        assert a.dispatched_by.username == "dispatcher"
        assert a.parent_id is None
        assert a.sign_deadline == sh(2026, 11, 25, 9, 30)
        assert a.answer_deadline == sh(2026, 12, 1, 9, 30)
    assert kinds(ticket) == ["intake", "dispatched", "dispatched", "dispatched"]
    events = list(ticket.events.filter(kind=EventKind.DISPATCHED).order_by("id"))
    assert [e.assignment_id for e in events] == [a.pk for a in created]
    for e in events:
        assert (e.actor_name, e.actor_role, e.actor_unit.code, e.at) == (
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            AT,
        )
        assert e.data["from_unit"] == "city-platform"
        assert e.data["appeal_type"] == "complaint" and e.data["urgent"] is False
    assert [e.data["role"] for e in events] == ["main", "assist", "assist"]


def test_without_a_unit_the_catalogue_route_decides():
    # given a matter whose catalogue route names a main and an assisting unit (R6)
    ticket = make_ticket(now=AT, category="urban-illegal-building")
    # when
    created = dispatch(ticket.number)
    # then
    assert [(a.unit.code, a.role) for a in created] == [
        ("city-urban", "main"),
        ("city-land", "assist"),
    ]


def test_local_matters_follow_the_county_route():
    # given a property matter in 黄石港区 (属地管理: the county platform owns it)
    ticket = make_ticket(now=AT, region="hsg", category="urban-property")
    # when
    created = dispatch(ticket.number)
    # then
    assert [(a.unit.code, a.role) for a in created] == [("hsg-platform", "main")]


def test_explicit_main_unit_without_assists_drops_the_route_assists():
    ticket = make_ticket(now=AT, category="urban-illegal-building")
    created = dispatch(ticket.number, "city-urban", [])
    assert [a.unit.code for a in created] == ["city-urban"]


def test_county_platform_dispatches_to_its_own_township():
    ticket = make_ticket(now=AT, by="county", region="hsg")
    created = dispatch(ticket.number, "hsg-st-1", ["hsg-housing"], by="county")
    assert [(a.unit.code, a.role) for a in created] == [
        ("hsg-st-1", "main"),
        ("hsg-housing", "assist"),
    ]
    assert (
        ticket.events.filter(kind=EventKind.DISPATCHED).first().data["from_unit"] == "hsg-platform"
    )


@pytest.mark.parametrize(
    ("by", "main", "assists", "code", "rule"),
    [
        # R2: a village/community is never a handling unit, as main or as assist
        ("dispatcher", "hsg-st-1-c1", [], "village_not_handling_unit", "R2"),
        ("dispatcher", "city-housing", ["yx-st-2-c2"], "village_not_handling_unit", "R2"),
        ("county", "hsg-st-1-c1", [], "village_not_handling_unit", "R2"),
        # R3: the city platform does not reach past a county platform
        ("dispatcher", "hsg-st-1", [], "unit_not_dispatchable", "R3"),
        ("dispatcher", "hsg-housing", [], "unit_not_dispatchable", "R3"),
        ("dispatcher", "city-housing", ["hsg-st-2"], "unit_not_dispatchable", "R3"),
        # R3: a county platform stays in its own area and below itself
        ("county", "xss-st-1", [], "unit_not_dispatchable", "R3"),
        ("county", "city-housing", [], "unit_not_dispatchable", "R3"),
        ("county", "hs-water", [], "unit_not_dispatchable", "R3"),
    ],
)
def test_who_may_be_dispatched_to(by, main, assists, code, rule):
    # given
    ticket = make_ticket(now=AT, by=by)
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as exc:
        dispatch(ticket.number, main, assists, by=by)
    # then the refusal names the rule, and no assignment, event or status change is left behind
    assert exc.value.code == code
    assert exc.value.details["rule"] == rule
    assert counts() == before
    ticket.refresh_from_db()
    assert ticket.status == "accepted"


@pytest.mark.parametrize(
    ("main", "assists", "code"),
    [
        ("no-such-unit", [], "unknown_unit"),
        ("city-housing", ["city-nowhere"], "unknown_unit"),
        ("city-housing", ["city-housing"], "duplicate_unit"),
    ],
)
def test_unit_codes_are_checked(main, assists, code):
    ticket = make_ticket(now=AT)
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        dispatch(ticket.number, main, assists)
    assert exc.value.code == code
    assert counts() == before


def test_a_county_platform_is_asked_for_a_unit_where_the_route_names_itself():
    # given a local matter the county platform took in itself, and a catalogue whose default for
    # 黄石港区 is the county platform, which cannot dispatch to itself
    from jiesu.catalogue.models import Route
    from jiesu.organisation.models import Unit

    Route.objects.filter(category__code="urban-property", region__code="hsg").update(
        main_unit=Unit.objects.get(code="hsg-platform")
    )
    ticket = make_ticket(now=AT, by="county", region="hsg", category="urban-property")
    before = counts()
    # when it dispatches without naming a unit
    with pytest.raises(ValidationFailed) as exc:
        dispatch(ticket.number, by="county")
    # then it is asked to name one, and nothing changed
    assert exc.value.code == "main_unit_required" and "本平台" in exc.value.message
    assert counts() == before


def test_a_ticket_without_category_needs_a_main_unit():
    ticket = make_ticket(now=AT, category=None)
    with pytest.raises(ValidationFailed) as exc:
        dispatch(ticket.number)
    assert exc.value.code == "main_unit_required"


def test_dispatch_twice_is_a_state_conflict():
    ticket = make_ticket(now=AT)
    dispatch(ticket.number, "city-housing")
    before = counts()
    with pytest.raises(Conflict) as exc:
        dispatch(ticket.number, "city-urban")
    assert exc.value.code == "state_conflict" and exc.value.details["rule"] == "R13"
    assert counts() == before


def test_a_closed_ticket_cannot_be_dispatched():
    ticket, _ = replied(at=AT)
    actions.callback_ticket(ticket.number, result="satisfied", actor=person("operator"), now=AT)
    before = counts()
    with pytest.raises(Conflict) as exc:
        dispatch(ticket.number, "city-urban")
    assert exc.value.code == "state_conflict"
    assert "已办结" in exc.value.message
    assert counts() == before


@pytest.mark.parametrize("username", ["handler", "reviewer", "street", "supervisor", "citizen"])
def test_only_platform_staff_dispatch(username):
    ticket = make_ticket(now=AT)
    before = counts()
    with pytest.raises(Forbidden):
        dispatch(ticket.number, "city-housing", by=username)
    assert counts() == before
