"""The intake desk's suggestions in a real browser (Debian's chromium, Playwright): the operator
types a call, the numbered suggestions appear, and one key (Alt+number) accepts each.

With ``JIESU_SCREENSHOTS=<dir>`` the test saves the form with its suggestions
(docs/screenshots/intake-suggestion-keys.png is made so)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jiesu.desk.tests.test_browser import browser_page, login  # noqa: F401
from jiesu.intelligence import training
from jiesu.intelligence.tests.conftest import history
from jiesu.testing.browser import CHROMIUM
from jiesu.testing.builders import make_ticket

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def chip(page, key: int):
    return page.locator(f'#intake-suggestions [data-key="{key}"]')


def test_each_suggestion_is_accepted_with_one_key(browser_page):  # noqa: F811
    from django.utils import timezone

    page, base = browser_page
    # given a trained model and an open ticket on the same matter from another caller
    training.train_and_store(*history(), now=timezone.now(), held_out=0)
    earlier = make_ticket(
        caller_phone="13900000077",
        subject="团城山小区夜间施工噪音扰民",
        content="工地晚上打桩噪声大，影响休息",
    )
    login(page, base, "operator")
    page.goto(f"{base}/desk/new/")
    # when the operator types the call
    page.fill("#id_caller_phone", "13912345678")
    page.fill("#id_subject", "团城山小区夜间施工噪音扰民")
    page.locator("#id_content").press_sequentially("工地晚上打桩噪声大")
    # then the numbered suggestions appear, the key written in each
    chip(page, 1).wait_for()
    assert "Alt+1" in chip(page, 1).inner_text()
    category = chip(page, 1).get_attribute("data-value")
    assert chip(page, 1).get_attribute("data-fill") == "category"
    assert page.input_value("#id_category") == ""

    # when Alt+1 is pressed (the focus still in the matter field)
    page.keyboard.press("Alt+1")
    # then the category select holds the first suggestion
    assert page.input_value("#id_category") == category == "env-noise"
    page.wait_for_selector('#intake-suggestions [data-key="1"][aria-pressed=true]')

    # and the unit and the merge candidate are one key each as well
    unit = page.locator('#intake-suggestions [data-fill="main_unit"]').first
    unit_key, unit_name = unit.get_attribute("data-key"), unit.get_attribute("data-label")
    page.keyboard.press(f"Alt+{unit_key}")
    assert page.input_value("input[name=main_unit]") == unit.get_attribute("data-value")
    assert page.inner_text('[data-accepted="main_unit"] output') == unit_name
    merge = page.locator(
        f'#intake-suggestions [data-fill="merge_into"][data-value="{earlier.number}"]'
    )
    page.keyboard.press(f"Alt+{merge.get_attribute('data-key')}")
    assert page.input_value("input[name=merge_into]") == earlier.number
    if os.environ.get("JIESU_SCREENSHOTS"):
        Path(os.environ["JIESU_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(
            path=str(Path(os.environ["JIESU_SCREENSHOTS"]) / "intake-suggestion-keys.png"),
            full_page=True,
        )

    # when the call is taken in, the ticket page's forms start from what was accepted
    page.select_option("#id_appeal_type", "complaint")
    page.fill("#id_caller_name", "李四")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("text=已受理，工单编号")
    dispatch = page.get_by_role("form", name="派单")
    assert dispatch.get_by_label("主办单位").input_value() == unit_name
    merge_form = page.get_by_role("form", name="并单（同一事项多人反映）")
    assert merge_form.get_by_label("并入主单编号").input_value() == earlier.number


def test_the_panel_follows_text_put_in_without_key_presses(browser_page):  # noqa: F811
    """An input method's commit, speech input or a paste by mouse change the matter without a
    keyup: the panel is asked all the same (the focus never leaves the field, so no change)."""
    page, base = browser_page
    earlier = make_ticket(
        caller_phone="13900000078",
        subject="团城山小区夜间施工噪音扰民",
        content="工地晚上打桩噪声大，影响休息",
    )
    login(page, base, "operator")
    page.goto(f"{base}/desk/new/")
    page.locator("#id_content").focus()
    page.keyboard.insert_text("团城山小区夜间施工噪音扰民，工地晚上打桩噪声大，影响休息")
    page.wait_for_selector(
        f'#intake-suggestions [data-fill="merge_into"][data-value="{earlier.number}"]',
        timeout=8000,
    )
