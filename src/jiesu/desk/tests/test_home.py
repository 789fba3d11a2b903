"""Each role's home (/desk/): its queues as tabs with counts, the rows of its own work only, in
words, with the deadline as a countdown (黄 due soon, 红 overdue); the htmx partials; the full
list at /desk/tickets/ keeping its filters across pages."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jiesu.desk.templatetags.desk_queues import span
from jiesu.desk.tests.work import desk_at_work
from jiesu.testing.builders import T0, dispatched, make_ticket, sh


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def desk(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def tabs(response) -> dict[str, int]:
    return {t["name"]: t["count"] for t in response.context["tabs"]}


def listed(response) -> list[str]:
    return [r.number for r in response.context["rows"]]


@pytest.fixture
def work(city, clock):
    """The demo city at work: a ticket in each place a queue looks."""
    return desk_at_work(supervision_deadline=sh(2025, 6, 27, 17))


def test_the_handlers_home_is_its_units_work_by_state(work):
    response = desk("handler").get("/desk/")
    assert response.status_code == 200
    counts = tabs(response)
    assert counts["pending_sign"] == 1  # housing_new
    assert counts["handling"] == 1  # housing_signed (its extension in review)
    assert counts["reply_review"] == 1 and counts["return_review"] == 1
    assert counts["supervisions_mine"] == 1
    assert listed(response) == [work["housing_new"].number]
    page = response.content.decode()
    assert "待签收" in page and "签收剩" in page and "督办" in page
    # the signed one whose extension waits shows the unit's state in words
    handling = desk("handler").get("/desk/?q=handling")
    assert [r.state for r in handling.context["rows"]] == ["延期审核中"]
    # and nothing of another unit anywhere
    for name in counts:
        rows = desk("handler").get(f"/desk/?q={name}").context["rows"]
        assert {r.unit for r in rows} <= {"市住房和城乡建设局"}, name
        assert work["water"].number not in [r.number for r in rows]


def test_the_water_company_and_the_street_see_only_their_own(work):
    water = desk("water").get("/desk/")
    assert listed(water) == [work["water"].number]
    street = desk("street").get("/desk/")
    assert listed(street) == [work["county"].number]
    assert tabs(street)["reply_review"] == 0


def test_the_reviewer_and_the_leader_have_their_reviews(work):
    reviewer = desk("reviewer").get("/desk/")
    assert list(tabs(reviewer))[0] == "replies_to_review"
    assert listed(reviewer) == [work["housing_reply"].number]
    assert [r.state for r in reviewer.context["rows"]] == ["科室负责人审核"]
    leader = desk("leader").get("/desk/?q=returns_to_lead")
    assert listed(leader) == [work["housing_return"].number]
    assert tabs(leader)["escalations_mine"] == 1  # 提级协调 to the housing bureau's leadership
    assert desk("street_head").get("/desk/?q=returns_to_lead").context["rows"] == []


def test_the_dispatchers_decide_what_their_platform_dispatched(work):
    city = desk("dispatcher").get("/desk/")
    counts = tabs(city)
    assert counts["to_dispatch"] == 1 and counts["extensions_to_decide"] == 1
    assert listed(city) == [work["accepted"].number]
    county = desk("county").get("/desk/")
    county_counts = tabs(county)
    assert county_counts["extensions_to_decide"] == 0 and county_counts["to_dispatch"] == 0
    # its own hop was re-dispatched: nothing waits to be re-dispatched
    assert county_counts["to_redispatch"] == 0


def test_the_operator_and_the_supervisor(work):
    operator = desk("operator").get("/desk/")
    assert list(tabs(operator)) == ["to_dispatch", "callbacks_due", "overdue"]
    supervisor = desk("supervisor").get("/desk/")
    counts = tabs(supervisor)
    assert counts["supervisions_open"] == 1 and counts["escalations_open"] == 1
    assert counts["supervised_tickets"] == 1
    rows = desk("supervisor").get("/desk/?q=supervisions_open").context["rows"]
    assert [(r.number, r.state, r.supervised) for r in rows] == [
        (work["housing_new"].number, "督办", True)
    ]


def test_deadlines_turn_yellow_then_red(work, clock):
    # the sign deadline is Tuesday 09:00
    clock.move_to(sh(2025, 6, 24, 6))
    soon = desk("handler").get("/desk/").content.decode()
    assert re.search(r'class="due due-soon"[^>]*>签收剩 3小时<', soon)
    clock.move_to(sh(2025, 6, 24, 12))
    late = desk("handler").get("/desk/").content.decode()
    assert re.search(r'class="due overdue"[^>]*>签收超期 3小时<', late)
    overdue = desk("handler").get("/desk/?q=overdue")
    assert listed(overdue) == [work["housing_new"].number]


def test_spans_in_working_days_and_hours():
    assert span(1.6) == "1个工作日14小时"
    assert span(0.25) == "6小时"
    assert span(0.01) == "14分钟"


def test_htmx_gets_the_panel_alone_and_the_tabs_poll(work):
    client = desk("handler")
    panel = client.get("/desk/?q=handling", headers={"HX-Request": "true"})
    body = panel.content.decode()
    assert "<html" not in body and 'id="queue-panel"' in body
    polled = client.get("/desk/queues/tabs/?q=handling").content.decode()
    assert 'hx-trigger="every 30s"' in polled and 'aria-current="page"' in polled
    # the page loads htmx from the application, not a CDN
    page = client.get("/desk/").content.decode()
    assert re.search(r'<script src="/static/django_htmx/htmx[^"]*\.js"', page)
    assert "//cdn" not in page and "unpkg" not in page


def test_the_home_costs_the_same_queries_for_few_and_many_rows(city, clock):
    client = desk("handler")
    dispatched()
    client.get("/desk/")
    with CaptureQueriesContext(connection) as few:
        client.get("/desk/")
    for _ in range(6):
        dispatched()
    with CaptureQueriesContext(connection) as many:
        response = client.get("/desk/")
    assert len(response.context["rows"]) == 7
    assert len(many.captured_queries) == len(few.captured_queries), [
        q["sql"][:160] for q in many.captured_queries
    ]


def test_the_full_list_moved_and_keeps_its_filters_across_pages(city, clock):
    # given more overdue tickets than a page holds
    for _ in range(31):
        make_ticket()
    from jiesu.tickets.models import Ticket

    Ticket.objects.update(overdue=True)
    response = desk("operator").get("/desk/tickets/?overdue=1")
    page = response.content.decode()
    assert response.status_code == 200 and len(response.context["tickets"]) == 30
    assert 'href="?overdue=1&page=2"' in page
    # and codes are shown as their names
    assert "投诉" in page and "complaint" not in page and "黄石市" in page
    assert "物业" in page and "urban-property" not in page
    second = desk("operator").get("/desk/tickets/?overdue=1&page=2")
    assert len(second.context["tickets"]) == 1


def test_login_lands_on_the_home(city):
    from jiesu.core.demo_city import DEMO_PASSWORD

    response = Client().post("/login/", {"username": "handler", "password": DEMO_PASSWORD})
    assert response["Location"] == "/desk/"


def test_the_supervisors_ticket_queues_show_the_main_units_deadline(work, clock):
    # once the sign deadline (Tuesday 09:00) has passed and the sweep flagged the tickets
    from jiesu.tickets.models import Ticket

    clock.move_to(sh(2025, 6, 24, 12))
    Ticket.objects.filter(pk=work["housing_new"].pk).update(overdue=True)
    rows = desk("supervisor").get("/desk/?q=overdue_tickets").context["rows"]
    assert [(r.number, r.unit, r.deadline_kind) for r in rows] == [
        (work["housing_new"].number, "市住房和城乡建设局", "签收")
    ]
