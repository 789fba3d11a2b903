"""The whole loop in a real browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import os

import pytest

from jiesu.testing.browser import browser_marks, chromium_page, login

pytestmark = browser_marks


@pytest.fixture
def browser_page(live_server, city, tmp_path, monkeypatch):
    with chromium_page(monkeypatch) as page:
        yield page, live_server.url


def ticket(page, base: str, username: str, number: str) -> None:
    login(page, base, username)
    page.goto(f"{base}/desk/t/{number}/")


def panel(page, title: str):
    """An action of the ticket page: a form named by its title (§5: accessible names)."""
    return page.get_by_role("form", name=title)


def press(page, form, button: str, message: str) -> None:
    form.get_by_role("button", name=button, exact=True).click()
    page.wait_for_selector(f".msg.success >> text={message}")


def shot(page, tmp_path, name: str) -> None:
    """A full-page screenshot: under ``JIESU_SCREENSHOT_DIR`` when set (the kept screenshots in
    docs/screenshots are made so), else in the test's own temporary folder."""
    folder = os.environ.get("JIESU_SCREENSHOT_DIR") or str(tmp_path)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=os.path.join(folder, f"ticket-{name}.png"), full_page=True)


def test_the_whole_loop_in_the_browser(browser_page, tmp_path):
    page, base = browser_page
    # given an operator who takes a call about a 黄石港区 property
    login(page, base, "operator")
    page.goto(f"{base}/desk/new/")
    page.select_option("#id_appeal_type", "complaint")
    page.fill("#id_caller_name", "李四")
    page.fill("#id_caller_phone", "13912345678")
    page.select_option("#id_region", "hsg")
    page.select_option("#id_category", "urban-property")
    page.fill("#id_subject", "楼道灯不亮")
    page.fill("#id_content", "花湖小区3栋楼道灯坏了三个月")
    page.click("#intake button[type=submit]")
    page.wait_for_selector("text=已受理，工单编号")
    number = page.url.rstrip("/").rsplit("/", 1)[-1]

    # when the city dispatcher sees the catalogue's proposal and dispatches by unit name instead
    ticket(page, base, "dispatcher", number)
    form = panel(page, "派单")
    assert form.get_by_label("主办单位").input_value() == "黄石港区12345平台"
    shot(page, tmp_path, "1-new-dispatcher")
    form.get_by_label("主办单位").fill("市住房和城乡建设局")
    press(page, form, "派单", "已派单。")
    assert "市住房和城乡建设局" in page.inner_text("section[aria-label=交办]")

    # and the housing bureau signs and asks for two more working days
    ticket(page, base, "handler", number)
    press(page, panel(page, "签收"), "签收", "已签收。")
    form = panel(page, "申请延期")
    form.get_by_label("延长工作日数").fill("2")
    form.get_by_label("申请理由").fill("需协调物业公司采购灯具")
    press(page, form, "申请延期", "延期申请已提交")
    ticket(page, base, "dispatcher", number)
    form = panel(page, "审核延期申请")
    assert "需协调物业公司采购灯具" in form.inner_text()
    shot(page, tmp_path, "2-extension-dispatcher")
    press(page, form, "同意", "已批准延期。")
    assert "已延期2个工作日" in page.inner_text("section[aria-label=交办]")

    # and then finds the matter is the district's: a return with its three elements
    ticket(page, base, "handler", number)
    form = panel(page, "申请退单")
    form.get_by_label("核实调查情况").fill("该小区物业由黄石港区住建局属地监管")
    form.get_by_label("政策依据").fill("《黄石市物业管理条例》第八条")
    form.get_by_label("建议承办单位").fill("黄石港区12345平台")
    press(page, form, "申请退单", "退单申请已提交")
    ticket(page, base, "leader", number)
    form = panel(page, "分管负责同志审核退单")
    assert "第八条" in form.inner_text()
    press(page, form, "同意", "已同意退单")
    ticket(page, base, "handler", number)
    statement = tmp_path / "退单情况说明.pdf"
    statement.write_bytes(b"%PDF-1.4\n% stamped statement\n")
    form = panel(page, "上传加盖公章的退单情况说明")
    form.get_by_label("加盖公章的退单情况说明").set_input_files(str(statement))
    press(page, form, "上传情况说明", "退单情况说明已上传。")
    ticket(page, base, "dispatcher", number)
    form = panel(page, "审核退单")
    assert form.get_by_label("改派单位").input_value() == "黄石港区12345平台"
    shot(page, tmp_path, "3-return-dispatcher")
    press(page, form, "同意", "已同意退单并改派。")

    # and the county platform 转派 to the street (its catalogue proposes its housing bureau)
    ticket(page, base, "county", number)
    form = panel(page, "转派")
    assert form.get_by_label("主办单位").input_value() == "黄石港区住房和城乡建设局"
    shot(page, tmp_path, "4-redispatch-county")
    form.get_by_label("主办单位").fill("花湖街道")
    press(page, form, "转派", "已转派。")
    # the street signs and replies; its section head sends the reply back, then approves
    ticket(page, base, "street", number)
    press(page, panel(page, "签收"), "签收", "已签收。")
    form = panel(page, "答复")
    form.get_by_label("答复内容").fill("已联系物业。")
    press(page, form, "提交答复", "答复已提交审核。")
    ticket(page, base, "street_head", number)
    form = panel(page, "审核答复")
    form.get_by_label("审核意见").fill("未写明更换时间和结果")
    press(page, form, "退回重办", "答复已退回重办。")
    ticket(page, base, "street", number)
    assert "未写明更换时间和结果" in page.inner_text("ol.timeline")
    assert "退回理由" in panel(page, "答复").inner_text()
    shot(page, tmp_path, "5-sent-back-street")
    form = panel(page, "答复")
    form.get_by_label("答复内容").fill("已于本周三更换3栋全部楼道灯，现已恢复照明。")
    press(page, form, "提交答复", "答复已提交审核。")
    ticket(page, base, "street_head", number)
    press(page, panel(page, "审核答复"), "通过", "答复审核通过。")
    ticket(page, base, "county", number)
    press(page, panel(page, "审核答复"), "通过", "答复审核通过。")

    # then the caller is unsatisfied: the matter is handled again with the complaint in sight
    ticket(page, base, "operator", number)
    form = panel(page, "回访")
    form.get_by_label("回访结果").select_option(label="不满意")
    form.get_by_label("市民意见").fill("2单元的灯还是不亮")
    press(page, form, "回访", "回访已记录。")
    assert "重办" in page.inner_text("#ticket-head")
    ticket(page, base, "county", number)
    assert "2单元的灯还是不亮" in page.inner_text("ol.timeline")
    shot(page, tmp_path, "6-rehandling-county")
    form = panel(page, "转派")
    form.get_by_label("主办单位").fill("花湖街道")
    press(page, form, "转派", "已转派。")
    ticket(page, base, "street", number)
    assert "2单元的灯还是不亮" in page.inner_text("ol.timeline")
    press(page, panel(page, "签收"), "签收", "已签收。")
    form = panel(page, "答复")
    assert "市民不满意" in form.inner_text() and "2单元的灯还是不亮" in form.inner_text()
    form.get_by_label("答复内容").fill("2单元楼道灯已更换。")
    press(page, form, "提交答复", "答复已提交审核。")
    ticket(page, base, "street_head", number)
    press(page, panel(page, "审核答复"), "通过", "答复审核通过。")
    ticket(page, base, "county", number)
    press(page, panel(page, "审核答复"), "通过", "答复审核通过。")
    # and satisfied the second time: closed, with the whole story told in words
    ticket(page, base, "operator", number)
    form = panel(page, "回访")
    form.get_by_label("回访结果").select_option(label="满意")
    press(page, form, "回访", "回访已记录。")
    assert "已办结" in page.inner_text("#ticket-head")
    timeline = page.inner_text("ol.timeline")
    for words in [
        "派至市住房和城乡建设局（主办）",
        "申请延长2个工作日；理由：需协调物业公司采购灯具",
        "批准延期2个工作日",
        "建议承办单位：黄石港区12345平台",
        "同意退单，改派黄石港区12345平台",
        "转派至花湖街道牵头办理",
        "未写明更换时间和结果",
        "不满意；市民意见：2单元的灯还是不亮",
    ]:
        assert words in timeline, words
    assert not page.get_by_role("form", name="回访").count()
    shot(page, tmp_path, "7-closed-operator")


def test_divert_merge_escalate_supervise_in_the_browser(browser_page):
    page, base = browser_page
    from jiesu.testing.builders import dispatched, make_ticket

    # given three fresh tickets and one dispatched
    to_divert, first, second = make_ticket(), make_ticket(), make_ticket()
    hot = dispatched()
    # when the operator diverts one to the petition platform
    ticket(page, base, "operator", to_divert.number)
    form = panel(page, "分流至其他渠道")
    form.get_by_label("分流渠道").select_option("xinfang")
    form.get_by_label("分流理由").fill("历史遗留信访问题")
    press(page, form, "分流", "已分流。")
    assert "分流至信访平台" in page.inner_text("ol.timeline")
    # and the dispatcher merges a second report of the same matter into the first
    ticket(page, base, "dispatcher", second.number)
    form = panel(page, "并单")
    form.get_by_label("并入主单编号").fill(first.number)
    press(page, form, "并单", "已并单。")
    assert f"并入主单{first.number}" in page.inner_text("ol.timeline")
    # and escalates a dispatched one, which the supervisor then supervises
    ticket(page, base, "dispatcher", hot.number)
    form = panel(page, "提级协调")
    form.get_by_label("提级理由").fill("涉及多个部门，久拖未决")
    press(page, form, "提级协调", "已提级协调。")
    ticket(page, base, "supervisor", hot.number)
    form = panel(page, "督办")
    form.get_by_label("督办事由").fill("群众反映强烈，限期解决")
    form.get_by_label("督办时限").fill("2030-01-04T18:00")
    press(page, form, "督办", "已督办。")
    timeline = page.inner_text("ol.timeline")
    assert "涉及多个部门，久拖未决" in timeline and "群众反映强烈，限期解决" in timeline
    assert "督办" in page.inner_text("#ticket-head")


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
