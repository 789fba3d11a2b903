"""Each role's home in a real browser: the demo accounts log in, land on /desk/, see their queues
as tabs with counts, click a tab (htmx swaps the panel, the address follows) and find their own
work there with its deadline in words — and never another unit's ticket."""

from __future__ import annotations

import re

import pytest

from jiesu.desk.tests.work import desk_at_work
from jiesu.testing.browser import browser_marks, chromium_page

from .test_browser import login

pytestmark = browser_marks


@pytest.fixture
def browser_page(live_server, city, monkeypatch):
    with chromium_page(monkeypatch) as page:
        yield page, live_server.url


@pytest.fixture
def work(city):
    return desk_at_work()


def tabs(page) -> dict[str, int]:
    """The tabs as the person reads them: label → count."""
    found = {}
    for tab in page.locator("#queue-tabs a.tab").all():
        count = tab.locator(".count").inner_text()
        label = tab.inner_text().removesuffix(count).strip()
        found[label] = int(count.rstrip("+"))
    return found


def open_tab(page, label: str) -> str:
    """Click a tab; htmx swaps the panel in place and pushes the queue's address."""
    exactly = re.compile(rf"^\s*{re.escape(label)}\s*\d+\+?\s*$")
    page.locator("#queue-tabs a.tab").filter(has_text=exactly).click()
    page.locator("#queue-tabs a.tab.active").filter(has_text=exactly).wait_for()
    return page.inner_text("table.queue tbody")


def test_each_role_lands_on_its_own_work(browser_page, work):
    page, base = browser_page
    numbers = {name: t.number for name, t in work.items()}

    # the handler of the housing bureau: its unit's work by state, the new one first
    login(page, base, "handler")
    counts = tabs(page)
    assert counts["待签收"] == 1 and counts["审核中"] == 1 and counts["退单审核中"] == 1
    assert counts["督办我单位"] == 1
    rows = page.inner_text("table.queue tbody")
    assert numbers["housing_new"] in rows and "楼道灯不亮" in rows and "待签收" in rows
    assert re.search(r"签收剩\s*\d", rows), rows  # the sign deadline as a countdown in words
    assert "督办" in rows  # the supervised badge
    rows = open_tab(page, "审核中")
    assert numbers["housing_reply"] in rows and numbers["housing_new"] not in rows
    assert page.url.endswith("?q=reply_review")
    for label in counts:
        rows = open_tab(page, label)
        assert numbers["water"] not in rows and numbers["county"] not in rows, label

    # the section head: the reply waiting for review, and nothing of the water company's
    login(page, base, "reviewer")
    assert next(iter(tabs(page))) == "待审核答复"
    rows = page.inner_text("table.queue tbody")
    assert numbers["housing_reply"] in rows and "科室负责人审核" in rows
    assert numbers["water"] not in rows

    # the unit leader: the return waiting for the leader's word
    login(page, base, "leader")
    assert tabs(page)["待我审核的退单"] == 1
    rows = open_tab(page, "待我审核的退单")
    assert numbers["housing_return"] in rows and "自来水水压低" in rows

    # the water company and the street each see only their own ticket
    login(page, base, "water")
    rows = page.inner_text("table.queue tbody")
    assert numbers["water"] in rows
    assert not {numbers["housing_new"], numbers["county"], numbers["housing_reply"]} & set(
        rows.split()
    )
    login(page, base, "street")
    rows = page.inner_text("table.queue tbody")
    assert numbers["county"] in rows and numbers["water"] not in rows

    # the city dispatcher: the accepted ticket waits to be dispatched
    login(page, base, "dispatcher")
    assert next(iter(tabs(page))) == "待派单"
    rows = page.inner_text("table.queue tbody")
    assert numbers["accepted"] in rows and "咨询公积金" in rows

    # the supervisor: the open supervision and the supervised ticket
    login(page, base, "supervisor")
    counts = tabs(page)
    assert counts["督办中"] == 1 and counts["督办件"] == 1
    rows = open_tab(page, "督办中")
    assert numbers["housing_new"] in rows and "督办" in rows

    # and a row leads to the ticket's own page
    page.get_by_role("link", name=numbers["housing_new"]).click()
    page.wait_for_url(f"{base}/desk/t/{numbers['housing_new']}/")
    assert "楼道灯不亮" in page.inner_text("#ticket-head")
