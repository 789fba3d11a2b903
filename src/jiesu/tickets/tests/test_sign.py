"""Signing for an assignment (R14): by the unit itself, once, on time or late."""

from __future__ import annotations

import pytest

from jiesu.core.errors import Conflict, Forbidden, JiesuError, NotFound
from jiesu.testing.builders import add_person, person
from jiesu.testing.loop import counts, dispatched, sh
from jiesu.tickets import actions
from jiesu.tickets.choices import EventKind

pytestmark = pytest.mark.usefixtures("city")

AT = sh(2026, 11, 24, 9, 30)


def test_sign_moves_to_handling_and_records_who_signed():
    # given
    _, a = dispatched(at=AT)
    # when the unit's handler signs the next morning
    actions.sign_assignment(a.pk, actor=person("handler"), now=sh(2026, 11, 25, 9))
    # then
    a.refresh_from_db()
    assert a.status == "handling"
    assert a.signed_at == sh(2026, 11, 25, 9)
    event = a.events.get(kind=EventKind.SIGNED)
    assert (event.actor_name, event.actor_role, event.actor_unit.code) == (
        "handler",
        "unit_handler",
        "city-housing",
    )
    assert event.at == sh(2026, 11, 25, 9)
    assert event.data == {"on_time": True}


def test_signing_after_the_deadline_is_recorded_as_late():
    _, a = dispatched(at=AT)
    actions.sign_assignment(a.pk, actor=person("reviewer"), now=sh(2026, 11, 25, 9, 31))
    assert a.events.get(kind=EventKind.SIGNED).data == {"on_time": False}


def test_signing_exactly_at_the_deadline_is_on_time():
    _, a = dispatched(at=AT)
    actions.sign_assignment(a.pk, actor=person("handler"), now=a.sign_deadline)
    assert a.events.get(kind=EventKind.SIGNED).data == {"on_time": True}


def test_signing_twice_is_refused():
    # given a signed assignment
    _, a = dispatched(at=AT)
    actions.sign_assignment(a.pk, actor=person("handler"), now=AT)
    before = counts()
    # when
    with pytest.raises(Conflict) as exc:
        actions.sign_assignment(a.pk, actor=person("reviewer"), now=sh(2026, 11, 24, 10))
    # then the refusal names the rule; the first signature stands
    assert exc.value.code == "state_conflict"
    assert exc.value.details["rule"] == "R14"
    assert "办理中" in exc.value.message and "签收" in exc.value.message
    assert counts() == before
    a.refresh_from_db()
    assert a.signed_at == AT


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("street", "assignment_not_found"),
        ("water", "assignment_not_found"),
        ("dispatcher", "forbidden"),
        ("supervisor", "forbidden"),
        ("citizen", "assignment_not_found"),
    ],
)
def test_only_the_unit_itself_signs(username, code):
    # given an assignment to city-housing
    _, a = dispatched(at=AT)
    before = counts()
    # when someone from elsewhere signs: 404 if they cannot see the ticket, else 403
    with pytest.raises(JiesuError) as exc:
        actions.sign_assignment(a.pk, actor=person(username), now=AT)
    # then
    assert exc.value.code == code
    assert counts() == before
    a.refresh_from_db()
    assert a.status == "pending_sign" and a.signed_at is None


def test_assisting_unit_signs_its_own_assignment_only():
    # given a main and an assisting unit
    ticket, main = dispatched(at=AT, assists=["city-urban"])
    assist = ticket.assignments.get(role="assist")
    urban = add_person("urban_handler", "unit_handler", "city-urban")
    # when / then
    with pytest.raises(Forbidden):
        actions.sign_assignment(main.pk, actor=urban, now=AT)
    actions.sign_assignment(assist.pk, actor=urban, now=AT)
    assist.refresh_from_db()
    main.refresh_from_db()
    assert (assist.status, main.status) == ("handling", "pending_sign")


def test_unknown_assignment():
    with pytest.raises(NotFound) as exc:
        actions.sign_assignment(987654, actor=person("handler"), now=AT)
    assert exc.value.code == "assignment_not_found"
