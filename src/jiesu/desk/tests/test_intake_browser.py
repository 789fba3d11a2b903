"""The intake desk in a real browser (Debian's chromium, Playwright): a call taken by keyboard
alone, every error shown at once before anything is sent, the draft surviving a reload, the
caller's earlier tickets appearing as the number is typed, and the bell on the unit's page.

With ``JIESU_SCREENSHOTS=<dir>`` the test also saves the pages it passes through
(docs/screenshots/ keeps them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jiesu.desk.tests.test_browser import browser_page, login  # noqa: F401
from jiesu.notifications.actions import deliver
from jiesu.testing.browser import CHROMIUM
from jiesu.testing.builders import make_ticket

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

SHOTS = os.environ.get("JIESU_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def focused(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.name")


def test_intake_by_keyboard_with_errors_at_once_and_a_draft_that_survives(browser_page):  # noqa: F811
    page, base = browser_page
    earlier = make_ticket(caller_phone="13912345678", caller_name="李四", subject="小区噪音扰民")
    login(page, base, "operator")
    page.goto(f"{base}/desk/new/")
    # the phone has the focus, and the appeal type has no default
    assert focused(page) == "caller_phone"
    assert page.input_value("#id_appeal_type") == ""
    shot(page, "intake-empty")
    # when the operator presses Ctrl+Enter at once
    page.keyboard.press("Control+Enter")
    # then every error is shown at once next to its field, and nothing was sent
    for name in ("caller_phone", "subject", "content", "appeal_type"):
        assert page.inner_text(f"#err-{name}").strip(), name
    assert page.url == f"{base}/desk/new/"
    assert "有 4 处需要更正" in page.inner_text("[data-errors-summary]")
    assert focused(page) == "caller_phone"
    shot(page, "intake-errors")
    # when the call is typed by keyboard alone, in the order of the call
    page.keyboard.type("13912345678")
    page.wait_for_selector(f"#caller-history >> text={earlier.number}")
    page.keyboard.press("Tab")
    assert focused(page) == "caller_name"
    page.keyboard.type("李四")
    for _ in range(3):  # past 匿名 and 保密, to the matter
        page.keyboard.press("Tab")
    assert focused(page) == "subject"
    page.keyboard.type("楼道灯不亮")
    page.keyboard.press("Tab")
    page.keyboard.type("花湖小区3栋楼道灯坏了三个月，物业一直不修。")
    page.keyboard.press("Tab")
    assert focused(page) == "region"
    page.keyboard.press("Tab")
    page.keyboard.type("花湖小区3栋")
    page.keyboard.press("Tab")
    assert focused(page) == "appeal_type"
    page.keyboard.press("ArrowDown")
    assert page.input_value("#id_appeal_type") != ""
    shot(page, "intake-caller-history")
    # and the page is reloaded before it is sent (a lost connection, a slip of the hand)
    page.reload()
    # then what was typed is back
    assert page.input_value("#id_subject") == "楼道灯不亮"
    assert page.input_value("#id_caller_phone") == "13912345678"
    assert page.input_value("#id_appeal_type") != ""
    # when Ctrl+Enter is pressed
    page.focus("#id_content")
    page.keyboard.press("Control+Enter")
    # then the new ticket's page opens, and the next intake starts empty
    page.wait_for_url(f"{base}/desk/t/*/")
    assert "已受理，工单编号" in page.content()
    page.goto(f"{base}/desk/new/")
    assert page.input_value("#id_subject") == ""


def test_the_bell_and_the_search_on_a_units_page(browser_page):  # noqa: F811
    page, base = browser_page
    from jiesu.testing.builders import dispatched

    ticket = dispatched(subject="花湖小区楼道灯不亮")
    deliver()
    login(page, base, "handler")
    page.wait_for_selector("#bell .count")
    assert page.inner_text("#bell .count") == "1"
    page.fill("#header-q", "楼道灯")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"text={ticket.number}")
    shot(page, "search-results")
    page.click("#bell")
    page.wait_for_selector("text=新派单")
    shot(page, "notifications")
