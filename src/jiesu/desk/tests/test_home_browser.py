"""Each role's home in a real browser: the demo accounts log in, land on /desk/, see their queues
as tabs with counts, click a tab (htmx swaps the panel, the address follows) and find their own
work there with its deadline in words — and never another unit's ticket."""

from __future__ import annotations

import re

import pytest

from jiesu.handling.actions import request_return
from jiesu.supervision.actions import open_supervision
from jiesu.testing.browser import browser_marks, chromium_page
from jiesu.testing.builders import dispatched, make_ticket, person
from jiesu.tickets import actions
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.actions.redispatch import redispatch_assignment

from .test_browser import login

pytestmark = browser_marks


@pytest.fixture
def browser_page(live_server, city, monkeypatch):
    with chromium_page(monkeypatch) as page:
        yield page, live_server.url


@pytest.fixture
def work(city):
    """One ticket in each place a role's queue looks, on the real clock."""
    w = {"new": dispatched(subject="楼道灯不亮")}
    w["reply"] = dispatched(subject="噪声扰民")
    main = main_assignment(w["reply"])
    actions.sign_assignment(main.pk, actor=person("handler"))
    actions.submit_reply(main.pk, "已协调物业整改。", actor=person("handler"))
    w["return"] = dispatched(subject="自来水水压低")
    main = main_assignment(w["return"])
    actions.sign_assignment(main.pk, actor=person("handler"))
    request_return(
        main.pk,
        findings="属供水企业职责。",
        policy_basis="《城市供水条例》",
        suggested_unit="hs-water",
        actor=person("handler"),
    )
    w["water"] = make_ticket(subject="停水三天")
    actions.dispatch_ticket(w["water"].number, main_unit="hs-water", actor=person("dispatcher"))
    w["street"] = make_ticket(subject="路灯不亮", region="hsg")
    actions.dispatch_ticket(
        w["street"].number, main_unit="hsg-platform", actor=person("dispatcher")
    )
    redispatch_assignment(
        main_assignment(w["street"]).pk, main_unit="hsg-st-1", actor=person("county")
    )
    w["accepted"] = make_ticket(subject="咨询公积金")
    open_supervision(
        w["new"].number,
        reason="群众反映强烈。",
        deadline=main_assignment(w["new"]).answer_deadline,
        actor=person("supervisor"),
    )
    return w


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
    assert numbers["new"] in rows and "楼道灯不亮" in rows and "待签收" in rows
    assert re.search(r"签收剩\s*\d", rows), rows  # the sign deadline as a countdown in words
    assert "督办" in rows  # the supervised badge
    rows = open_tab(page, "审核中")
    assert numbers["reply"] in rows and numbers["new"] not in rows
    assert page.url.endswith("?q=reply_review")
    for label in counts:
        rows = open_tab(page, label)
        assert numbers["water"] not in rows and numbers["street"] not in rows, label

    # the section head: the reply waiting for review, and nothing of the water company's
    login(page, base, "reviewer")
    assert next(iter(tabs(page))) == "待审核答复"
    rows = page.inner_text("table.queue tbody")
    assert numbers["reply"] in rows and "科室负责人审核" in rows
    assert numbers["water"] not in rows

    # the unit leader: the return waiting for the leader's word
    login(page, base, "leader")
    assert tabs(page)["待我审核的退单"] == 1
    rows = open_tab(page, "待我审核的退单")
    assert numbers["return"] in rows and "自来水水压低" in rows

    # the water company and the street each see only their own ticket
    login(page, base, "water")
    rows = page.inner_text("table.queue tbody")
    assert numbers["water"] in rows
    assert not {numbers["new"], numbers["street"], numbers["reply"]} & set(rows.split())
    login(page, base, "street")
    rows = page.inner_text("table.queue tbody")
    assert numbers["street"] in rows and numbers["water"] not in rows

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
    assert numbers["new"] in rows and "督办" in rows

    # and a row leads to the ticket's own page
    page.get_by_role("link", name=numbers["new"]).click()
    page.wait_for_url(f"{base}/desk/t/{numbers['new']}/")
    assert "楼道灯不亮" in page.inner_text("#ticket-head")
