"""The record: every action appends exactly its events (who, role, unit, when, what), and nothing
in the log is ever changed or deleted."""

from __future__ import annotations

import pytest

from jiesu.testing.builders import make_ticket, person
from jiesu.testing.loop import dispatched, fresh_phone, kinds, sh
from jiesu.tickets import actions
from jiesu.tickets.models import Event

pytestmark = pytest.mark.usefixtures("city")

AT = sh(2026, 11, 24, 9, 30)


def test_each_step_appends_its_own_events_with_the_actor():
    # given / when the loop is walked step by step, with one actor and one time per step
    steps = []
    ticket = make_ticket(now=sh(2026, 11, 24, 9), caller_phone=fresh_phone())
    steps.append((["intake"], "operator", "operator", "city-platform", sh(2026, 11, 24, 9)))
    created = actions.dispatch_ticket(
        ticket.number,
        main_unit="city-housing",
        assist_units=["city-urban"],
        actor=person("dispatcher"),
        now=AT,
    )
    steps.append(
        (["dispatched", "dispatched"], "dispatcher", "platform_dispatcher", "city-platform", AT)
    )
    main = created[0]
    actions.sign_assignment(main.pk, actor=person("handler"), now=sh(2026, 11, 24, 10))
    steps.append((["signed"], "handler", "unit_handler", "city-housing", sh(2026, 11, 24, 10)))
    reply = actions.submit_reply(
        main.pk, "已处理。", actor=person("handler"), now=sh(2026, 11, 25, 10)
    )
    steps.append(
        (["reply_submitted"], "handler", "unit_handler", "city-housing", sh(2026, 11, 25, 10))
    )
    actions.review_reply(
        reply.pk,
        approve=False,
        comment="不具体",
        actor=person("reviewer"),
        now=sh(2026, 11, 25, 11),
    )
    steps.append(
        (
            ["reply_reviewed", "reply_sent_back"],
            "reviewer",
            "unit_reviewer",
            "city-housing",
            sh(2026, 11, 25, 11),
        )
    )
    reply = actions.submit_reply(
        main.pk, "已于今日修复。", actor=person("handler"), now=sh(2026, 11, 25, 15)
    )
    steps.append(
        (["reply_submitted"], "handler", "unit_handler", "city-housing", sh(2026, 11, 25, 15))
    )
    actions.review_reply(reply.pk, approve=True, actor=person("leader"), now=sh(2026, 11, 25, 16))
    steps.append(
        (["reply_reviewed"], "leader", "unit_leader", "city-housing", sh(2026, 11, 25, 16))
    )
    actions.review_reply(
        reply.pk, approve=True, actor=person("dispatcher"), now=sh(2026, 11, 25, 16)
    )
    steps.append(
        (
            ["reply_reviewed", "reply_approved", "ticket_replied"],
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            sh(2026, 11, 25, 16),
        )
    )
    actions.callback_ticket(
        ticket.number, result="unsatisfied", actor=person("dispatcher"), now=sh(2026, 11, 26, 9)
    )
    steps.append(
        (
            ["callback", "rehandling"],
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            sh(2026, 11, 26, 9),
        )
    )
    reply = actions.submit_reply(
        main.pk, "再次核实并修复。", actor=person("handler"), now=sh(2026, 11, 27, 9)
    )
    steps.append(
        (["reply_submitted"], "handler", "unit_handler", "city-housing", sh(2026, 11, 27, 9))
    )
    actions.review_reply(reply.pk, approve=True, actor=person("reviewer"), now=sh(2026, 11, 27, 10))
    steps.append(
        (["reply_reviewed"], "reviewer", "unit_reviewer", "city-housing", sh(2026, 11, 27, 10))
    )
    actions.review_reply(
        reply.pk, approve=True, actor=person("dispatcher"), now=sh(2026, 11, 27, 10)
    )
    steps.append(
        (
            ["reply_reviewed", "reply_approved", "ticket_replied"],
            "dispatcher",
            "platform_dispatcher",
            "city-platform",
            sh(2026, 11, 27, 10),
        )
    )
    actions.callback_ticket(
        ticket.number,
        result="basically_satisfied",
        actor=person("operator"),
        now=sh(2026, 11, 30, 9),
    )
    steps.append(
        # closing ends the assisting unit's share that never signed (R17)
        (
            ["callback", "closed", "assignment_withdrawn"],
            "operator",
            "operator",
            "city-platform",
            sh(2026, 11, 30, 9),
        )
    )

    # then the log holds exactly these events, in order, each with its who/role/unit/when
    expected = [
        (kind, who, role, unit, at)
        for step_kinds, who, role, unit, at in steps
        for kind in step_kinds
    ]
    actual = [
        (e.kind, e.actor_name, e.actor_role, e.actor_unit.code, e.at)
        for e in ticket.events.select_related("actor_unit").order_by("id")
    ]
    assert actual == expected
    users = {e.actor.username for e in ticket.events.select_related("actor")}
    assert users == {"operator", "dispatcher", "handler", "reviewer", "leader"}


def test_events_of_an_assignment_point_at_it():
    ticket, main = dispatched(at=AT, assists=["city-urban"])
    assist = ticket.assignments.get(role="assist")
    assert [e.assignment_id for e in ticket.events.order_by("id")] == [None, main.pk, assist.pk]


def test_a_refused_action_appends_nothing():
    ticket, main = dispatched(at=AT)
    before = kinds(ticket)
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        actions.submit_reply(main.pk, "未签收先答复", actor=person("handler"), now=AT)
    with pytest.raises(Exception):  # noqa: B017
        actions.sign_assignment(main.pk, actor=person("street"), now=AT)
    assert kinds(ticket) == before


def test_events_are_append_only():
    # given an event
    ticket = make_ticket(now=AT)
    event = ticket.events.get()
    # when someone tries to change or delete it, one row or many
    event.data = {"tampered": True}
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).update(kind="closed")
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).delete()
    # then it is as written
    event.refresh_from_db()
    assert event.kind == "intake" and "tampered" not in event.data


def test_the_events_endpoint_shows_who_role_unit_when_what(api):
    ticket, main = dispatched(at=AT)
    body = api("handler").get(f"/tickets/{ticket.number}/events").body
    assert [e["kind"] for e in body] == ["intake", "dispatched"]
    assert body[1] == {
        "id": body[1]["id"],
        "kind": "dispatched",
        "label": "派单",
        "at": "2026-11-24T09:30:00+08:00",
        "actor": "dispatcher",
        "role": "platform_dispatcher",
        "unit": "city-platform",
        "assignment": main.pk,
        "data": body[1]["data"],
    }
    assert body[1]["data"]["unit"] == "city-housing"
    assert body[1]["data"]["answer_deadline"] == "2026-12-01T09:30:00+08:00"
