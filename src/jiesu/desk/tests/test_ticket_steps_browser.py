"""The ticket page's later steps clicked in a real browser by the demo accounts: the category,
a dispatch dispute and its ruling, a supervision closed, a merge undone, and a return given back
to the platform that then diverts the ticket. Screenshots of each state (``shot``)."""

from __future__ import annotations

import io
import re

import pytest

from jiesu.testing.browser import browser_marks, chromium_page
from jiesu.testing.builders import dispatched, make_ticket, person
from jiesu.testing.handling import PDF

from .test_browser import panel, press, shot, ticket

pytestmark = browser_marks


@pytest.fixture
def browser_page(live_server, city, monkeypatch):
    with chromium_page(monkeypatch) as page:
        yield page, live_server.url


def _pending_return(t):
    from jiesu.handling.actions import attach_statement, leader_review_return, request_return
    from jiesu.tickets.actions.callback import main_assignment

    request = request_return(
        main_assignment(t).pk,
        findings="经核实，系诉求人与原单位的历史劳动争议，已多次到信访部门反映。",
        policy_basis="《信访工作条例》第二十一条",
        suggested_unit="city-urban",
        actor=person("handler"),
    )
    leader_review_return(request.pk, approve=True, comment="同意", actor=person("leader"))
    attach_statement(
        request.pk, name="说明.pdf", stream=io.BytesIO(PDF), size=len(PDF), actor=person("handler")
    )
    return request


def test_category_dispute_and_back_to_the_platform_in_the_browser(browser_page, tmp_path):
    page, base = browser_page
    # the dispatcher puts a ticket under the right catalogue item
    filed = make_ticket(category="urban-property")
    ticket(page, base, "dispatcher", filed.number)
    form = panel(page, "调整派单目录")
    form.get_by_label("新的派单目录").select_option(label="违法建设")
    press(page, form, "调整派单目录", "派单目录已调整。")
    assert "违法建设" in page.inner_text("ol.timeline")
    # a return whose ownership is contested goes to a dispute review, then is ruled on
    contested = dispatched()
    _pending_return(contested)
    ticket(page, base, "dispatcher", contested.number)
    form = panel(page, "发起派单争议审核（职责有争议时）")
    form.get_by_label("争议事由").fill("住建与城管对该事项职责存在争议")
    press(page, form, "发起争议审核", "已发起派单争议审核")
    shot(page, tmp_path, "dispute-review")
    form = page.get_by_role("form", name=re.compile("^派单争议裁定"))
    form.get_by_label("审核意见").fill("经会商，首办负责，由住建局牵头办理")
    press(page, form, "不同意", "已不同意退单，工单退回原单位办理。")
    assert "派单争议裁定" in page.inner_text("ol.timeline")
    # a matter out of 12345's scope: the return is accepted back to the platform, then diverted
    petition = dispatched()
    _pending_return(petition)
    ticket(page, base, "dispatcher", petition.number)
    form = panel(page, "审核退单（同意即改派，或退回本平台）")
    form.get_by_label("改派单位").fill("")
    form.get_by_label("不改派，退回本平台").check()
    shot(page, tmp_path, "return-back-to-platform")
    press(page, form, "同意", "工单退回本平台")
    assert "已受理" in page.inner_text("#ticket-head")
    shot(page, tmp_path, "back-to-platform")
    form = panel(page, "分流至其他渠道")
    form.get_by_label("分流渠道").select_option("xinfang")
    form.get_by_label("分流理由").fill("历史劳动争议，属信访事项")
    press(page, form, "分流", "已分流。")
    assert "分流至信访平台" in page.inner_text("ol.timeline")


def test_close_a_supervision_and_undo_a_merge_in_the_browser(browser_page, tmp_path):
    page, base = browser_page
    from jiesu.supervision.actions import open_supervision
    from jiesu.tickets.actions.merge import merge_ticket

    hot = dispatched()
    open_supervision(
        hot.number,
        reason="群众反映强烈，限期解决",
        deadline="2030-01-04T18:00",
        actor=person("supervisor"),
    )
    first, second = make_ticket(), make_ticket()
    merge_ticket(second.number, into=first.number, actor=person("dispatcher"))
    # the supervisor closes the supervision with its result
    ticket(page, base, "supervisor", hot.number)
    form = page.get_by_role("form", name=re.compile("^办结督办"))
    shot(page, tmp_path, "supervision-open")
    form.get_by_label("督办结果").fill("住建局已督促物业修复，市民认可")
    press(page, form, "办结督办", "督办已办结。")
    assert "已办结" in page.inner_text("section[aria-label=申请与督办]")
    # the dispatcher undoes a merge of two different matters
    ticket(page, base, "dispatcher", second.number)
    form = panel(page, "取消并单（工单回到待派单）")
    shot(page, tmp_path, "merged")
    form.get_by_label("取消并单理由").fill("并非同一事项，分别办理")
    press(page, form, "取消并单", "已取消并单，工单回到待派单。")
    assert page.get_by_role("form", name="派单", exact=True).count() == 1
