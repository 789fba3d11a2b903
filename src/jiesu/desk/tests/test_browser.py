"""The whole loop in a real browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import pytest

from jiesu.testing.browser import browser_marks, chromium_page

pytestmark = browser_marks


@pytest.fixture
def browser_page(live_server, city, tmp_path, monkeypatch):
    with chromium_page(monkeypatch) as page:
        yield page, live_server.url


def login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "jiesu-demo-2025")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/desk/")


def test_loop_through_the_pages(browser_page, tmp_path):
    page, base = browser_page
    # given an operator at the intake desk
    login(page, base, "operator")
    page.goto(f"{base}/desk/new/")
    page.select_option("#id_appeal_type", "complaint")
    page.fill("#id_caller_name", "李四")
    page.fill("#id_caller_phone", "13912345678")
    page.select_option("#id_category", "urban-property")
    page.fill("#id_subject", "楼道灯不亮")
    page.fill("#id_content", "花湖小区3栋楼道灯坏了三个月")
    page.click("#intake button[type=submit]")
    # when the ticket is taken and dispatched by the catalogue's default route
    page.wait_for_selector("text=已受理，工单编号")
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.click("text=派单 >> xpath=ancestor::form//button")
    page.wait_for_selector("text=已派单。")
    assert "市住房和城乡建设局" in page.content()
    # and the unit signs and replies, its section head approves
    login(page, base, "handler")
    page.goto(f"{base}/desk/t/{number}/")
    page.click("form[action$='/sign/'] button")
    page.wait_for_selector("text=已签收。")
    page.fill("form[action$='/reply/'] textarea", "已督促物业公司更换灯具，现已恢复照明。")
    page.click("form[action$='/reply/'] button")
    page.wait_for_selector("text=答复已提交审核。")
    login(page, base, "reviewer")
    page.goto(f"{base}/desk/t/{number}/")
    page.click("form[action*='/review/'] button")
    page.wait_for_selector("text=审核意见已提交。")
    # and the city platform checks the reply before the callback (R16)
    login(page, base, "dispatcher")
    page.goto(f"{base}/desk/t/{number}/")
    page.click("form[action*='/review/'] button")
    page.wait_for_selector("text=审核意见已提交。")
    # then the operator calls back and the ticket closes
    login(page, base, "operator")
    page.goto(f"{base}/desk/t/{number}/")
    page.select_option("form[action$='/callback/'] select", "satisfied")
    page.click("form[action$='/callback/'] button")
    page.wait_for_selector("text=回访已记录。")
    assert "已办结" in page.inner_text("h2")
    events = page.inner_text("ol.timeline")
    for label in ["受理", "派单", "签收", "提交答复", "答复审核通过", "回访", "办结"]:
        assert label in events
    page.screenshot(path=str(tmp_path / "closed.png"), full_page=True)


def test_unit_cannot_open_another_units_ticket(browser_page):
    page, base = browser_page
    # given a ticket dispatched to the housing bureau
    from jiesu.testing.builders import make_ticket, person
    from jiesu.tickets.actions import dispatch_ticket

    ticket = make_ticket()
    dispatch_ticket(ticket.number, main_unit="city-housing", actor=person("operator"))
    # when the water company's handler opens it
    login(page, base, "water")
    response = page.goto(f"{base}/desk/t/{ticket.number}/")
    # then it is not found for them
    assert response.status == 404
    assert "不存在或无权查看" in page.content()
