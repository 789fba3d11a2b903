"""GET /api/v1/notifications (cursor pages, the unread count) and POST
/api/v1/notifications/read (ids or up to a cursor): one's own only, the desk bell's queries."""

from __future__ import annotations

import pytest
import time_machine

from jiesu.notifications.actions import deliver
from jiesu.notifications.models import Notification
from jiesu.testing.builders import T0, dispatched


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def three(api):
    """Three tickets dispatched to the housing bureau: its handler is told of each."""
    for _ in range(3):
        dispatched()
    deliver()
    return list(
        Notification.objects.filter(recipient__username="handler")
        .order_by("-id")
        .values_list("pk", flat=True)
    )


def test_the_list_pages_with_a_cursor_and_gives_the_unread_count(api, three, settings):
    settings.JIESU_API_PAGE_SIZE = 2
    # when the handler reads the first page, then the next from its cursor
    first = api("handler").get("/notifications").body
    second = api("handler").get(f"/notifications?before={first['next_cursor']}").body
    # then newest first, two and one, and the whole unread count on each
    assert [i["id"] for i in first["items"]] == three[:2]
    assert [i["id"] for i in second["items"]] == three[2:]
    assert second["next_cursor"] is None
    assert first["unread"] == second["unread"] == 3
    item = first["items"][0]
    assert item["reason_label"] == "新派单" and not item["read"] and item["ticket"]
    # and another person sees none of them
    assert [i["id"] for i in api("water").get("/notifications").body["items"]] == []


def test_mark_read_by_ids_or_up_to_a_cursor(api, three):
    handler = api("handler")
    # when one is marked by id
    marked = handler.post("/notifications/read", {"ids": [three[0]]})
    assert marked.status == 200 and marked.body == {"marked": 1, "unread": 2}
    assert [i["id"] for i in handler.get("/notifications?unread=true").body["items"]] == three[1:]
    # then up to the second: it and everything older
    assert handler.post("/notifications/read", {"up_to": three[1]}).body == {
        "marked": 2,
        "unread": 0,
    }
    # and another person's ids are left alone
    assert api("water").post("/notifications/read", {"ids": three}).body["marked"] == 0


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "read_target_required"),
        ({"ids": [1], "up_to": 5}, "read_target_required"),
        ({"idz": [1]}, None),
        ({"up_to": 0}, None),
    ],
)
def test_bad_bodies_are_refused_with_a_code_and_nothing_changes(api, three, body, code):
    response = api("handler").post("/notifications/read", body)
    assert response.status == 422 and response.body["code"], response.body
    if code:
        assert response.body["code"] == code
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_a_bad_cursor_is_refused(api, three):
    response = api("handler").get("/notifications?before=0")
    assert response.status == 422 and response.body["code"]
