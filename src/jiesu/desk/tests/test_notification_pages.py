"""The bell (unread count, one query), the notification list, and marking read from the page."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.notifications.actions import deliver
from jiesu.notifications.models import Notification
from jiesu.testing.builders import dispatched

T0 = datetime(2025, 6, 23, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False):
        yield


def desk(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_bell_counts_unread_and_polls(city, django_assert_max_num_queries):
    dispatched()
    deliver()
    client = desk("handler")
    with django_assert_max_num_queries(3):  # the session, the user, the count
        html = client.get("/desk/notifications/bell/").content.decode()
    assert '<span class="count">1</span>' in html
    assert 'hx-trigger="every 30s"' in html


def test_the_list_shows_the_reason_and_links_to_the_ticket(city):
    ticket = dispatched()
    deliver()
    html = desk("handler").get("/desk/notifications/").content.decode()
    assert "新派单" in html
    assert f'href="/desk/t/{ticket.number}/"' in html


def test_mark_read_from_the_page(city):
    dispatched()
    deliver()
    n = Notification.objects.get()
    client = desk("handler")
    response = client.post(
        "/desk/notifications/read/", {"id": n.pk, "next": "/desk/notifications/"}
    )
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.read_at is not None
    assert '<span class="count">' not in client.get("/desk/notifications/bell/").content.decode()


def test_someone_else_cannot_mark_it_read(city):
    dispatched()
    deliver()
    n = Notification.objects.get()
    desk("street").post("/desk/notifications/read/", {"id": n.pk})
    n.refresh_from_db()
    assert n.read_at is None
