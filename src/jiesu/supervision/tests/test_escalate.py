"""R18 提级协调: unit leadership first, then the city government, then no further; an escalated
ticket is a C-class key request whose replies need the deputy leader."""

from __future__ import annotations

import pytest

from jiesu.supervision.models import Escalation
from jiesu.testing.builders import (
    answer,
    dispatched,
    event_count,
    kinds,
    last_event,
    make_ticket,
    replied,
)
from jiesu.tickets.models import Callback, Reply


def test_first_escalation_goes_to_the_main_units_leadership(api):
    # given
    ticket = dispatched()
    # when
    response = api("supervisor").post(
        f"/tickets/{ticket.number}/escalate", {"reason": "反复投诉长期未解决"}
    )
    # then
    assert response.status == 201, response.body
    assert response.body["level"] == "unit_leadership"
    assert response.body["unit"] == "city-housing"
    ticket.refresh_from_db()
    assert (ticket.dispatch_class, ticket.key_request) == ("C", True)
    event = last_event(ticket.number, "escalated")
    assert event.data["level"] == "unit_leadership"
    assert event.data["from"] == {"dispatch_class": "A", "key_request": False}
    assert event.actor_name == "supervisor"


def test_second_escalation_goes_to_the_city_government_and_a_third_is_refused(api):
    # given
    ticket = dispatched()
    first = api("dispatcher").post(f"/tickets/{ticket.number}/escalate", {"reason": "协调不下"})
    # when
    second = api("supervisor").post(
        f"/tickets/{ticket.number}/escalate", {"reason": "确有较大难度"}
    )
    before = event_count(ticket.number)
    third = api("supervisor").post(f"/tickets/{ticket.number}/escalate", {"reason": "再提一次"})
    # then
    assert first.body["level"] == "unit_leadership"
    assert second.status == 201
    assert second.body["level"] == "city_government"
    assert second.body["unit"] is None
    assert third.status == 409
    assert third.body["code"] == "escalation_exhausted"
    assert event_count(ticket.number) == before
    assert Escalation.objects.filter(ticket=ticket).count() == 2


def test_after_escalation_the_reply_needs_the_deputy_leader(api):
    # given
    ticket = dispatched()
    api("supervisor").post(f"/tickets/{ticket.number}/escalate", {"reason": "一人多次"})
    assignment = ticket.assignments.get()
    api("handler").post(f"/assignments/{assignment.pk}/sign")
    # when
    reply = api("handler").post(f"/assignments/{assignment.pk}/reply", {"content": "已协调解决。"})
    by_section_head = api("reviewer").post(f"/replies/{reply.body['id']}/review", {"approve": True})
    by_deputy = api("leader").post(f"/replies/{reply.body['id']}/review", {"approve": True})
    # then (and the city platform reviews after the unit, R16)
    assert reply.body["levels"] == ["deputy_leader", "platform"]
    assert by_section_head.status == 403
    assert by_deputy.status == 200
    assert Reply.objects.get(pk=reply.body["id"]).current_level == "platform"


@pytest.mark.parametrize(
    ("outsider", "status", "code"),
    [
        ("handler", 403, "forbidden"),
        ("citizen", 404, "ticket_not_found"),
        ("street", 404, "ticket_not_found"),
    ],
)
def test_outsiders_cannot_escalate(api, outsider, status, code):
    # given
    ticket = dispatched()
    before = event_count(ticket.number)
    # when
    response = api(outsider).post(f"/tickets/{ticket.number}/escalate", {"reason": "提级"})
    # then
    assert response.status == status  # what one cannot see is 404
    assert response.body["code"] == code
    assert event_count(ticket.number) == before
    ticket.refresh_from_db()
    assert (ticket.dispatch_class, ticket.key_request) == ("A", False)


@pytest.mark.parametrize("reason", ["", "   "])
def test_escalation_needs_a_reason(api, reason):
    # given
    ticket = dispatched()
    before = event_count(ticket.number)
    # when
    response = api("supervisor").post(f"/tickets/{ticket.number}/escalate", {"reason": reason})
    # then
    assert response.status == 422
    assert response.body["code"] == "reason_required"
    assert event_count(ticket.number) == before
    assert not Escalation.objects.exists()


def test_a_ticket_not_yet_dispatched_cannot_be_escalated(api):
    # given
    ticket = make_ticket()
    # when
    response = api("supervisor").post(f"/tickets/{ticket.number}/escalate", {"reason": "提级"})
    # then
    assert response.status == 409
    assert response.body["code"] == "state_conflict"
    assert kinds(ticket.number) == ["intake"]


def test_unsatisfied_callback_can_rehandle_and_escalate_at_once(api):
    # given
    ticket = replied()
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/callback",
        {"result": "unsatisfied", "comment": "灯还是不亮", "escalate": True},
    )
    # then
    assert response.status == 201, response.body
    assert response.body["status"] == "rehandling"
    ticket.refresh_from_db()
    assert (ticket.dispatch_class, ticket.key_request) == ("C", True)
    assert kinds(ticket.number)[-3:] == ["callback", "rehandling", "escalated"]
    assert last_event(ticket.number, "escalated").data["reason"] == "灯还是不亮"
    assert ticket.assignments.get().status == "handling"


def test_callback_escalation_needs_an_unsatisfied_result(api):
    # given
    ticket = replied()
    before = event_count(ticket.number)
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/callback", {"result": "satisfied", "escalate": True}
    )
    # then
    assert response.status == 422
    assert response.body["code"] == "escalate_requires_unsatisfied"
    assert event_count(ticket.number) == before
    assert not Callback.objects.filter(ticket=ticket).exists()


def test_a_refused_escalation_rolls_the_whole_callback_back(api):
    # given: both levels used up, then the unit answers again
    ticket = dispatched()
    for reason in ("第一次", "第二次"):
        api("supervisor").post(f"/tickets/{ticket.number}/escalate", {"reason": reason})
    answer(ticket)
    before = event_count(ticket.number)
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/callback", {"result": "unsatisfied", "escalate": True}
    )
    # then
    assert response.status == 409
    assert response.body["code"] == "escalation_exhausted"
    ticket.refresh_from_db()
    assert ticket.status == "replied"
    assert event_count(ticket.number) == before
    assert not Callback.objects.filter(ticket=ticket).exists()
