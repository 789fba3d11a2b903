"""The ticket list: who sees what, newest first, paged without counts, and its filters."""

from __future__ import annotations

import pytest
import time_machine

from jiesu.testing.builders import make_ticket
from jiesu.testing.loop import dispatched, fresh_phone, sh
from jiesu.tickets.actions import sweep

pytestmark = pytest.mark.django_db


def numbers(response) -> list[str]:
    assert response.status == 200, response.body
    return [t["number"] for t in response.body["items"]]


def test_county_platform_lists_what_it_holds_and_what_it_took_in_newest_first(api, settings):
    # given, on alternate hours, tickets the city sent down to 黄石港区 and tickets the county
    # platform took in itself, plus one it neither holds nor took in
    settings.JIESU_API_PAGE_SIZE = 3
    expected = []
    for hour in range(9, 15):
        if hour % 2:
            ticket, _ = dispatched(at=sh(2026, 11, 24, hour), main="hsg-platform")
        else:
            ticket = make_ticket(
                by="county", now=sh(2026, 11, 24, hour), caller_phone=fresh_phone()
            )
        expected.append(ticket.number)
    elsewhere, _ = dispatched(at=sh(2026, 11, 24, 15), main="xss-platform")
    # when the county dispatcher pages through the list
    with time_machine.travel(sh(2026, 11, 24, 16), tick=False):
        first = api("county").get("/tickets")
        second = api("county").get("/tickets?page=2")
        third = api("county").get("/tickets?page=3")
    # then both kinds appear, newest first, each once, and paging stops where the rows stop
    assert numbers(first) + numbers(second) == list(reversed(expected))
    assert first.body["has_next"] is True and second.body["has_next"] is False
    assert numbers(third) == []
    assert elsewhere.number not in numbers(first) + numbers(second)


def test_unit_filter_names_an_existing_unit(api):
    dispatched(at=sh(2026, 11, 24, 9))
    response = api("dispatcher").get("/tickets?unit=no-such-unit")
    assert response.status == 422
    assert response.body["code"] == "unknown_unit"


@pytest.mark.parametrize(
    ("query", "code"),
    [("status=finished", "invalid_status"), ("page=1001", "page_out_of_range")],
)
def test_list_filters_are_checked(api, query, code):
    # an unknown status used to list nothing; a page without bound read every row it skipped
    dispatched(at=sh(2026, 11, 24, 9))
    response = api("county").get(f"/tickets?{query}")
    assert (response.status, response.body["code"]) == (422, code)
    assert "：" in response.body["message"] or "，" in response.body["message"]


def test_unit_filter_lists_the_units_tickets(api):
    housing, _ = dispatched(at=sh(2026, 11, 24, 9))
    urban, _ = dispatched(at=sh(2026, 11, 24, 10), main="city-urban", assists=["city-housing"])
    dispatched(at=sh(2026, 11, 24, 11), main="city-urban")
    with time_machine.travel(sh(2026, 11, 24, 12), tick=False):
        rows = numbers(api("dispatcher").get("/tickets?unit=city-housing"))
    assert rows == [urban.number, housing.number]


def test_overdue_list_follows_the_sweep_and_stays_newest_first(api):
    # given two overdue tickets and one fresh one, and the sweep run at 09:00
    older, _ = dispatched(at=sh(2026, 11, 20, 9))
    old, _ = dispatched(at=sh(2026, 11, 23, 9))
    fresh, _ = dispatched(at=sh(2026, 12, 2, 8))
    sweep(now=sh(2026, 12, 2, 9))
    with time_machine.travel(sh(2026, 12, 2, 9), tick=False):
        late = numbers(api("dispatcher").get("/tickets?overdue=true"))
        on_time = numbers(api("dispatcher").get("/tickets?overdue=false"))
    assert late == [old.number, older.number]
    assert on_time == [fresh.number]
