"""`jiesu demo` leaves work on every demo desk: each account's queues hold sample tickets made
through the same actions as the desk, and a second run adds none."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from jiesu.core.demo_tickets import load_demo_tickets
from jiesu.testing.builders import ApiClient
from jiesu.tickets.models import Event, Ticket

#: the queues of each demo account that must not be empty after `jiesu demo`
WAITING = {
    "operator": ["to_dispatch", "callbacks_due"],
    "dispatcher": [
        "to_dispatch",
        "replies_to_review",
        "extensions_to_decide",
        "returns_to_decide",
        "callbacks_due",
        "overdue",
    ],
    "county": ["to_redispatch"],
    "handler": ["pending_sign", "handling", "reply_review", "return_review", "overdue"],
    "reviewer": ["replies_to_review"],
    "leader": ["returns_to_lead"],
    "street": ["pending_sign"],
    "water": ["pending_sign"],
    "supervisor": ["overdue_tickets", "supervised_tickets", "escalations_open"],
}


@pytest.fixture
def demo(db):
    call_command("demo", stdout=StringIO())


def test_every_demo_desk_has_work_waiting(demo):
    for username, queues in WAITING.items():
        counts = ApiClient(username).get("/me/queues")
        assert counts.status == 200, (username, counts.body)
        empty = [queue for queue in queues if not counts.body.get(queue)]
        assert not empty, (username, empty, counts.body)


def test_the_samples_went_through_the_actions_and_the_sweep(demo):
    assert Ticket.objects.count() >= 15
    kinds = set(Event.objects.values_list("kind", flat=True))
    for kind in (
        "intake",
        "dispatched",
        "signed",
        "reply_submitted",
        "return_requested",
        "extension_requested",
        "redispatched",
        "callback",
        "supervision_opened",
        "escalated",
        "answer_overdue",
    ):
        assert kind in kinds, kind


def test_the_demo_accounts_bells_have_their_news(demo):
    for username in ("handler", "dispatcher", "street", "water"):
        body = ApiClient(username).get("/notifications").body
        assert body["unread"] > 0, username


def test_a_second_run_adds_no_tickets(demo):
    before = Ticket.objects.count()
    assert load_demo_tickets() == 0
    call_command("demo", stdout=StringIO())
    assert Ticket.objects.count() == before


def test_no_tickets_on_request(db):
    call_command("demo", "--no-tickets", stdout=StringIO())
    assert not Ticket.objects.exists()
