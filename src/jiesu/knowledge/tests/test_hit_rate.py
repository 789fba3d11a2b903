"""The hit rate on plain-spoken caller questions about the real gazettes in ../shared/seeds:
the passage holding the answer in the top 5 for at least 90% of them (skipped without seeds)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jiesu.knowledge import actions, search
from jiesu.knowledge.models import Document, Passage
from jiesu.knowledge.tests.caller_questions import QUESTIONS
from jiesu.organisation.actor import SYSTEM

SEEDS = Path(__file__).resolve().parents[5] / "shared" / "seeds"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent"),
]


def hit(question: str, doc: str, phrase: str, k: int = 5) -> bool:
    return any(
        (doc in h.doc_number or doc in h.doc_title) and phrase in h.passage
        for h in search.search(question, k=k)
    )


def test_seeds_split_into_documents_and_answer_caller_questions():
    reports = actions.import_paths(sorted(SEEDS.glob("*.txt")), actor=SYSTEM)
    assert all(r.status == "imported" for r in reports)
    search.forget_stats()
    # the gazettes split into their documents, with their particulars
    plan = Document.objects.get(doc_number="黄政办发〔2025〕19号")
    assert plan.title == "关于印发《黄石市进一步优化12345热线诉求处办闭环管理工作方案》的通知"
    assert (plan.issuer, plan.date) == ("黄石市人民政府办公室", date(2025, 6, 21))
    wuhan = Document.objects.get(doc_number="武政办〔2025〕39号")  # number before title
    assert wuhan.title.startswith("市人民政府办公厅关于印发武汉市深化农村公路提质攻坚工作方案")
    unnumbered = Document.objects.get(title="关于印发《黄石市发行文惠卡实施方案》的通知")
    assert unnumbered.issuer == "黄石市文化和旅游局、黄石市财政局"
    assert Document.objects.filter(doc_number__contains="〔2025〕").count() >= 17
    text = "\n".join(Passage.objects.values_list("text", flat=True))
    assert "黄石市人民政府公报" not in text and "- 21 -" not in text
    # the questions
    missed = [q for q, doc, phrase in QUESTIONS if not hit(q, doc, phrase)]
    rate = 1 - len(missed) / len(QUESTIONS)
    assert rate >= 0.9, f"top-5 hit rate {rate:.0%}; missed: {missed}"
