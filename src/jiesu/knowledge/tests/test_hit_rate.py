"""The hit rate on plain-spoken caller questions about the real gazettes in ../shared/seeds:
the passage holding the answer in the top 5 for at least 90% of them (skipped without seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiesu.knowledge import actions, search
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


def test_top5_hit_rate_on_caller_questions():
    reports = actions.import_paths(sorted(SEEDS.glob("*.txt")), actor=SYSTEM)
    assert all(r.status == "imported" for r in reports)
    search.forget_stats()
    missed = [q for q, doc, phrase in QUESTIONS if not hit(q, doc, phrase)]
    rate = 1 - len(missed) / len(QUESTIONS)
    assert rate >= 0.9, f"top-5 hit rate {rate:.0%}; missed: {missed}"
