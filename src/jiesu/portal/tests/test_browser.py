"""The portal on a phone (Debian's chromium driven by Playwright, a 390×844 viewport): submit,
follow, rate unsatisfied, ask again, rate satisfied — the buttons found by their names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core import signing

from jiesu.testing.browser import browser_marks, chromium_page
from jiesu.testing.builders import answer, person
from jiesu.tickets import actions
from jiesu.tickets.models import Ticket

SHOTS = os.environ.get("JIESU_SCREENSHOTS")  # a folder: keep a PNG of each page there
pytestmark = browser_marks


@pytest.fixture
def phone(live_server, city, monkeypatch):
    viewport = {"width": 390, "height": 844}
    with chromium_page(monkeypatch, viewport=viewport, is_mobile=True, has_touch=True) as page:
        yield page, live_server.url


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"portal-{name}.png"), full_page=True)


def test_submit_follow_rate_and_ask_again_on_a_phone(phone):
    page, base = phone
    # given a citizen on the portal, not logged in
    page.goto(f"{base}/portal/")
    page.select_option("#id_appeal_type", "complaint")
    page.fill("#id_content", "花湖小区3栋楼道灯坏了三个月，晚上上下楼很危险。")
    page.fill("#id_address", "黄石港区花湖小区3栋")
    page.fill("#id_caller_name", "王女士")
    page.fill("#id_caller_phone", "13900001111")
    token = page.input_value("#id_token")
    page.fill("#id_challenge", str(signing.loads(token, salt="jiesu.portal.challenge")))
    shot(page, "submit")
    # when they press 提交
    page.get_by_role("button", name="提交").click()
    # then they get a number and a query code
    page.wait_for_selector("text=提交成功")
    number, code = page.inner_text("#number"), page.inner_text("#code")
    ticket = Ticket.objects.get(number=number)
    assert (ticket.query_code, ticket.channel) == (code, "web")
    shot(page, "done")
    # and the hotline dispatches it and the unit answers
    actions.dispatch_ticket(number, main_unit="city-housing", actor=person("dispatcher"))
    answer(ticket, "已督促物业公司更换楼道灯，现已恢复照明。")
    # when they follow it from a fresh browser by number + code (查询)
    page.context.clear_cookies()
    page.goto(f"{base}/portal/follow/")
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("text=承办单位已答复，请您评价")
    assert "已督促物业公司更换楼道灯" in page.inner_text("#answer")
    shot(page, "answered")
    # and rate it unsatisfied (评价), saying what is still wrong
    page.get_by_label("不满意").check()
    page.fill("#id_comment", "只换了一楼的灯，楼上还是黑的。")
    page.get_by_role("button", name="评价").click()
    page.wait_for_selector("text=感谢您的评价")
    assert page.inner_text("#status") == "正在重新办理"
    shot(page, "rehandling")
    # then the unit handles it again; the new answer is rated satisfied and the ticket closes
    answer(ticket, "已更换整栋楼道灯具，经现场核实全部恢复照明。")
    page.reload()
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="评价").click()
    page.wait_for_selector("text=感谢您的评价")
    assert page.inner_text("#status") == "已办结"
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert list(ticket.callbacks.order_by("id").values_list("result", flat=True)) == [
        "unsatisfied",
        "satisfied",
    ]
    shot(page, "closed")
    # and 再次提问 opens a new request about it
    page.get_by_role("link", name="再次提问").click()
    assert f"关于工单 {number}" in page.input_value("#id_content")
