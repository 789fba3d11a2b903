"""R6: the platform puts a ticket under another item of the dispatch catalogue (e.g. a wrong
choice at intake); the next dispatch proposes that item's route. Bad input changes nothing."""

from __future__ import annotations

import pytest

from jiesu.testing.builders import dispatched, kinds, last_event, make_ticket
from jiesu.tickets.models import Ticket

pytestmark = pytest.mark.usefixtures("clock")


def test_the_platform_changes_the_category_and_the_event_has_from_and_to(api):
    # given a ticket filed under 物业管理
    ticket = make_ticket(category="urban-property")
    # when the dispatcher moves it to 违法建设
    response = api("dispatcher").post(
        f"/tickets/{ticket.number}/category", {"category": "urban-illegal-building"}
    )
    # then
    assert response.status == 200, response.body
    assert response.body["category"] == "urban-illegal-building"
    event = last_event(ticket.number, "category_changed")
    assert event.data == {"from": "urban-property", "to": "urban-illegal-building"}


def test_a_dispatched_ticket_changes_category_and_keeps_its_clocks(api):
    ticket = dispatched()
    deadlines = list(ticket.assignments.values_list("answer_deadline", flat=True))
    response = api("dispatcher").post(
        f"/tickets/{ticket.number}/category", {"category": "urban-illegal-building"}
    )
    assert response.status == 200, response.body
    assert list(ticket.assignments.values_list("answer_deadline", flat=True)) == deadlines


@pytest.mark.parametrize(
    ("who", "body", "status", "code"),
    [
        ("dispatcher", {"category": "no-such-item"}, 422, "unknown_category"),
        ("dispatcher", {"category": "urban-property"}, 422, "category_unchanged"),
        ("handler", {"category": "urban-illegal-building"}, 404, "ticket_not_found"),
        ("supervisor", {"category": "urban-illegal-building"}, 403, "forbidden"),
    ],
)
def test_bad_or_unallowed_category_changes_change_nothing(api, who, body, status, code):
    ticket = make_ticket(category="urban-property")
    before = kinds(ticket.number)
    response = api(who).post(f"/tickets/{ticket.number}/category", body)
    assert (response.status, response.body["code"]) == (status, code)
    assert kinds(ticket.number) == before
    assert Ticket.objects.get(pk=ticket.pk).category.code == "urban-property"
