"""The knowledge panel in a real browser (Debian's chromium, Playwright): at intake the operator
types the caller's question and sees the passage with its citation and the reply script; F2
copies the script (the intake form has no answer field, and the caller's matter is left as
typed); on the ticket page F2 puts the script into the online answer; both uses are recorded.
Then the administration: the list, a document, disabling it, and the used answers and gaps.

With ``JIESU_SCREENSHOT_DIR=docs/screenshots`` the pages are kept as the README's screenshots."""

from __future__ import annotations

import os
import time

import pytest

from jiesu.desk.tests.test_browser import browser_page, login  # noqa: F401
from jiesu.knowledge import actions, search
from jiesu.knowledge.models import AnswerUse, Document
from jiesu.organisation.actor import SYSTEM
from jiesu.testing.browser import browser_marks
from jiesu.testing.builders import gazette_bytes, make_ticket

pytestmark = browser_marks

QUESTION = "我爸65了还在厂里干活，受伤了算工伤吗"
CITATION = "测政办发〔2025〕7号"


def shot(page, tmp_path, name: str) -> None:
    folder = os.environ.get("JIESU_SCREENSHOT_DIR") or str(tmp_path)
    page.screenshot(path=os.path.join(folder, f"knowledge-{name}.png"), full_page=True)


@pytest.fixture
def kb():
    actions.import_file("gazette.txt", gazette_bytes(), actor=SYSTEM)
    search.forget_stats()


def test_the_panel_at_intake_and_on_the_ticket_page(browser_page, kb, tmp_path):  # noqa: F811
    page, base = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    login(page, base, "operator")
    # given the intake page, when the operator types the caller's words as the matter
    page.goto(f"{base}/desk/new/")
    page.fill("#id_subject", "超龄工伤咨询")
    page.click("#id_content")
    page.keyboard.type(QUESTION)
    # then the passage with its citation and the reply script appear beside the form
    script = page.wait_for_selector(".kb-script")
    assert CITATION in script.inner_text()
    assert CITATION in page.inner_text(".kb-hits li:first-child")
    assert "超过法定退休年龄" in page.inner_text(".kb-hits")
    # the intake form has no answer field: the button says it copies
    assert "复制话术" in page.inner_text(".kb-script [data-kb-insert]")
    shot(page, tmp_path, "intake")
    # when F2 is pressed while typing the matter
    with page.expect_response("**/desk/knowledge/use/") as posted:
        page.keyboard.press("F2")
    assert posted.value.status == 204, posted.value.text()
    # then the script is copied for the answer, the matter is left as typed, the use recorded
    page.wait_for_selector(".kb-script [data-kb-insert] >> text=已复制")
    assert CITATION in page.evaluate("navigator.clipboard.readText()")
    assert page.input_value("#id_content") == QUESTION
    used = _wait_for_use(kind="script", ticket=None)
    assert used.query == QUESTION

    # given the accepted ticket's page, where the online answer is written
    ticket = make_ticket(subject="超龄工伤咨询", content=QUESTION, appeal_type="consult_general")
    page.goto(f"{base}/desk/t/{ticket.number}/")
    answer = page.locator("form[action$='answer-online/'] textarea")
    page.wait_for_selector("#slot-knowledge .kb-script")
    # when F2 is pressed
    with page.expect_response("**/desk/knowledge/use/") as posted:
        page.keyboard.press("F2")
    assert posted.value.status == 204, posted.value.text()
    # then the script, naming its source, is in the online answer, and the use is recorded
    assert CITATION in answer.input_value() and answer.input_value().startswith("您好")
    assert _wait_for_use(kind="script", ticket=ticket.pk).document.doc_number == CITATION
    shot(page, tmp_path, "ticket")


def _wait_for_use(*, kind: str, ticket: int | None, tries: int = 50) -> AnswerUse:
    """The record is posted by the page after the insert: wait for it a little."""
    for _ in range(tries):
        use = AnswerUse.objects.filter(kind=kind, ticket_id=ticket).select_related("document")
        if use.exists():
            return use.get()
        time.sleep(0.1)
    raise AssertionError("the used suggestion was not recorded")


def test_the_administration_pages(browser_page, kb, tmp_path):  # noqa: F811
    page, base = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, base, "operator")
    # the list: every document with its number, issuer and status
    page.goto(f"{base}/desk/knowledge/")
    assert CITATION in page.inner_text("table")
    shot(page, tmp_path, "documents")
    # a document: its particulars and passages; disabling it from the page
    page.click("table a >> text=超龄从业人员")
    page.wait_for_selector("h3 >> text=段落")
    assert CITATION in page.inner_text(".card")
    page.get_by_role("button", name="停用").click()
    page.wait_for_selector(".msg.success >> text=已停用")
    assert "不会推荐" in page.inner_text("body")
    doc = Document.objects.get(doc_number=CITATION)
    assert doc.status == "disabled"
    shot(page, tmp_path, "document")
    # the question now finds nothing from it; it is listed as a gap on the insights page
    page.goto(f"{base}/desk/knowledge/ask/?q=火星移民签证怎么办")
    page.wait_for_selector(".kb-answers >> text=没有找到相关内容")
    shot(page, tmp_path, "ask")
    page.goto(f"{base}/desk/knowledge/insights/")
    assert "火星移民签证怎么办" in page.inner_text("body")
    shot(page, tmp_path, "insights")
