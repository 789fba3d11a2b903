"""The header search (number, phone, words; only what the person may see), the header tools on
every page, htmx served by the application, and /api/v1/docs without any outside host."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.testing.builders import dispatched, make_ticket
from jiesu.tickets.search import parse

T0 = datetime(2025, 6, 23, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False):
        yield


def desk(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize(
    ("q", "kind", "text"),
    [
        ("20250623-000001", "number", "20250623-000001"),
        ("20250623000001", "number", "20250623-000001"),
        ("20250623", "number", "20250623"),
        ("139 1234 5678", "phone", "13912345678"),
        ("0714-6221234", "phone", "0714-6221234"),
        ("花湖 漏水", "words", "花湖 漏水"),
    ],
)
def test_a_query_is_read_as_a_number_a_phone_or_words(q, kind, text):
    search = parse(q)
    assert (search.kind, search.text) == (kind, text)


def test_a_whole_number_opens_its_ticket(city):
    ticket = make_ticket()
    response = desk("operator").get("/desk/search/", {"q": ticket.number})
    assert response.status_code == 302
    assert response["Location"] == f"/desk/t/{ticket.number}/"


def test_the_start_of_a_number_lists_the_days_tickets(city):
    first, second = make_ticket(), make_ticket()
    html = desk("operator").get("/desk/search/", {"q": "20250623"}).content.decode()
    assert first.number in html and second.number in html


def test_a_phone_finds_the_callers_tickets_masked_as_lists_are(city):
    mine = make_ticket(caller_phone="13912345678", subject="噪音扰民")
    make_ticket(caller_phone="13700000000", subject="别人的事")
    html = desk("operator").get("/desk/search/", {"q": "13912345678"}).content.decode()
    assert mine.number in html and "别人的事" not in html
    assert "139****5678" in html


def test_words_must_all_appear_in_the_title_or_content(city):
    hit = make_ticket(subject="花湖小区漏水", content="三栋楼顶漏水一个月。")
    make_ticket(subject="花湖小区停电", content="整栋停电。")
    html = desk("operator").get("/desk/search/", {"q": "花湖 漏水"}).content.decode()
    assert hit.number in html
    assert "花湖小区停电" not in html


def test_a_unit_finds_only_the_tickets_it_holds(city):
    # given one ticket dispatched to city-housing and one still on the platform
    held = dispatched(subject="物业不修楼道灯")
    other = make_ticket(subject="物业乱收费")
    # when the housing handler searches for a word both share
    html = desk("handler").get("/desk/search/", {"q": "物业"}).content.decode()
    # then only the one the unit holds is listed
    assert held.number in html
    assert other.number not in html
    # and a number it cannot see is simply not found
    response = desk("handler").get("/desk/search/", {"q": other.number})
    assert response.status_code == 200
    assert "没有找到您可以查看的工单" in response.content.decode()


def test_an_empty_query_asks_for_one(city):
    html = desk("operator").get("/desk/search/", {"q": "  "}).content.decode()
    assert "请输入工单编号、电话号码或关键词" in html


def test_every_desk_page_has_the_search_box_the_bell_and_htmx_from_the_application(city):
    html = desk("handler").get("/desk/").content.decode()
    assert 'action="/desk/search/"' in html
    assert 'hx-get="/desk/notifications/bell/"' in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert any("htmx" in src for src in scripts)
    assert all(src.startswith("/static/") for src in scripts)


def test_the_api_docs_page_loads_nothing_from_outside(city):
    response = Client().get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui-bundle.js" in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith("/") for url in urls), urls
    assert "cdn" not in html.lower()
    assert not re.search(r"https?://", html)


def test_short_words_alone_search_only_the_newest_window(city, monkeypatch):
    # given two tickets with the same two-character word, and a window of one ticket
    from jiesu.tickets import search

    older = make_ticket(subject="楼顶漏水", now=T0 - timedelta(hours=1))
    newer = make_ticket(subject="厨房漏水")
    monkeypatch.setattr(search, "WORD_WINDOW", 1)
    # when the word is searched alone, then only the newest ticket is read
    html = desk("operator").get("/desk/search/", {"q": "漏水"}).content.decode()
    assert newer.number in html and older.number not in html
