"""兜底办 in a real browser (Debian's chromium driven by Playwright): a company's orphan problem
is registered at the desk, accepted by the enterprise service centre, coordinated with a lead
department and a helper, raised to the lead's leadership and then the city government, answered,
and its feedback recorded — the buttons found by their names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jiesu.enterprise.models import EnterpriseCase
from jiesu.testing.browser import browser_marks, chromium_page, login
from jiesu.testing.builders import CREDIT_CODE, person
from jiesu.tickets import actions as ticket_actions
from jiesu.tickets.actions.callback import main_assignment

SHOTS = os.environ.get("JIESU_SCREENSHOTS")  # a folder: keep a PNG of each page there
pytestmark = browser_marks


@pytest.fixture
def clock():
    """The live server and the browser run on the real clock (the module conftest freezes it)."""
    yield None


@pytest.fixture
def desk(live_server, city, monkeypatch):
    with chromium_page(monkeypatch, viewport={"width": 1280, "height": 900}) as page:
        yield page, live_server.url


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"enterprise-{name}.png"), full_page=True)


def press(page, form: str, button: str, message: str) -> None:
    page.locator(f"form#{form}").get_by_role("button", name=button, exact=True).click()
    page.wait_for_selector(f".msg.success >> text={message}")


def lead_answers(case: EnterpriseCase, text: str) -> None:
    """The lead department signs and answers; its review chain ends at the centre."""
    lead = main_assignment(case.ticket)
    ticket_actions.sign_assignment(lead.pk, actor=person("handler"))
    reply = ticket_actions.submit_reply(lead.pk, text, actor=person("handler"))
    reviewers = {"section_head": "reviewer", "deputy_leader": "leader", "platform": "qyfw"}
    while reply.status == "in_review":
        reply = ticket_actions.review_reply(
            reply.pk, approve=True, actor=person(reviewers[reply.current_level])
        )


def test_registration_to_feedback_at_the_desk(desk):
    page, base = desk
    # given the centre's officer at the 兜底办 desk
    login(page, base, "qyfw")
    page.goto(f"{base}/enterprise/")
    page.get_by_role("link", name="问题登记").click()
    # when a company's problem nobody owns is registered (问题登记)
    page.get_by_label("企业名称").fill("黄石某新材料有限公司")
    page.get_by_label("统一社会信用代码").fill(CREDIT_CODE)
    page.get_by_label("联系人").fill("李经理")
    page.get_by_label("联系电话").fill("13972000000")
    page.get_by_label("兜底情形").select_option("no_lead")
    page.get_by_label("问题概述").fill("新型材料生产许可无对应审批部门")
    page.get_by_label("问题详情").fill(
        "企业研发的新型复合材料无对应行业目录，办理生产许可时各部门均表示不归本部门管理。"
    )
    page.get_by_role("button", name="登记").click()
    page.wait_for_selector(".msg.success >> text=已登记，工单编号")
    case = EnterpriseCase.objects.get()
    assert case.status == "registered"
    shot(page, "registered")
    # and the centre accepts it (综合受理)
    press(page, "accept", "受理", "已综合受理。")
    # and coordinates it: the housing bureau leads, land and planning helps (分级协调)
    form = page.locator("form#coordinate")
    form.get_by_label("牵头部门").select_option("city-housing")
    form.get_by_label("配合部门").select_option(["city-land"])
    press(page, "coordinate", "交办", "已交牵头部门办理。")
    table = page.inner_text("table")
    assert "市住房和城乡建设局" in table and "市自然资源和规划局" in table
    # and, still unsolved, raises it to the lead's leadership and then the city government
    page.locator("form#escalate").get_by_label("提级理由").fill("牵头部门协调未果")
    press(page, "escalate", "提级", "已提级协调。")
    page.locator("form#escalate").get_by_label("提级理由").fill("需市政府统筹研究")
    press(page, "escalate", "提级", "已提级协调。")
    escalations = page.inner_text("section.escalations, ul")
    assert "牵头部门协调未果" in escalations and "需市政府统筹研究" in escalations
    shot(page, "coordinated")
    # then the lead department answers and the centre records the company's rating (问题反馈)
    lead_answers(case, "已会同市自然资源和规划局明确由市住建局牵头办理生产许可。")
    page.reload()
    assert "已会同市自然资源和规划局" in page.inner_text(".card")
    form = page.locator("form#feedback")
    form.get_by_label("企业评价").select_option("satisfied")
    form.get_by_label("企业意见").fill("问题已解决，感谢。")
    press(page, "feedback", "记录评价", "已记录企业评价。")
    case.ticket.refresh_from_db()
    assert case.ticket.status == "closed"
    assert list(case.ticket.callbacks.values_list("result", flat=True)) == ["satisfied"]
    assert not page.locator("form#feedback").count()
    shot(page, "closed")
