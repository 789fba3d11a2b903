"""Search: spoken words find official passages; expired and disabled documents are never
suggested; the API and the CLI return ranked passages with their citation; the script quotes."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from jiesu.knowledge import actions, search
from jiesu.knowledge.models import AnswerUse, Document, SearchLog
from jiesu.knowledge.scripts import NOTHING, reply_script
from jiesu.organisation.actor import SYSTEM
from jiesu.testing.builders import gazette_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb():
    actions.import_file("gazette.txt", gazette_bytes(), actor=SYSTEM)
    search.forget_stats()


def test_a_plain_spoken_question_finds_the_official_passage(kb):
    hits = search.search("我爸65了还在厂里干活，受伤了算工伤吗", k=3)
    assert hits and hits[0].doc_number == "测政办发〔2025〕7号"
    assert "超过法定退休年龄" in hits[0].passage or "超龄" in hits[0].passage


def test_the_title_weighs_more_than_the_body(kb):
    hits = search.search("出租车经营权", k=2)
    assert hits[0].doc_number == "测交发〔2025〕3号"


def test_nothing_found_is_an_empty_list_and_an_honest_script(kb):
    assert search.search("火星移民签证", k=5) == []
    assert reply_script("火星移民签证", []) == NOTHING


@pytest.mark.parametrize("verb", ["expire", "disable"])
def test_an_expired_or_disabled_document_is_never_suggested(kb, verb):
    taxis = Document.objects.get(doc_number="测交发〔2025〕3号")
    actions.change_status(taxis.pk, verb, actor=SYSTEM)
    assert all(h.doc_id != taxis.pk for h in search.search("出租汽车经营权期限", k=5))


def test_an_expired_document_cannot_be_enabled_again(kb):
    doc = Document.objects.first()
    actions.change_status(doc.pk, "expire", actor=SYSTEM)
    with pytest.raises(Exception) as refused:
        actions.change_status(doc.pk, "enable", actor=SYSTEM)
    assert refused.value.code == "state_conflict"


def test_the_script_quotes_title_and_number(kb):
    question = "出租车经营权能用几年"
    script = reply_script(question, search.search(question, k=3))
    assert "《关于出租汽车经营权有偿使用的通知》（测交发〔2025〕3号）" in script
    assert "八年" in script


def test_reindex_keeps_the_answers(kb):
    actions.reindex(actor=SYSTEM)
    search.forget_stats()
    assert search.search("出租车经营权", k=1)[0].doc_number == "测交发〔2025〕3号"


def test_api_search_returns_passages_with_citations_and_logs_the_question(api, kb):
    response = api("operator").get("/knowledge/search?q=出租车经营权多少年&k=2")
    assert response.status == 200
    top = response.body["results"][0]
    assert set(top) >= {"doc_title", "doc_number", "issuer", "date", "passage", "score", "doc_id"}
    assert (top["doc_number"], top["date"]) == ("测交发〔2025〕3号", "2025-04-02")
    assert "测交发〔2025〕3号" in response.body["script"]
    assert SearchLog.objects.filter(text="出租车经营权多少年", hits__gt=0).exists()


def test_api_search_refuses_an_empty_question(api, kb):
    assert api("operator").get("/knowledge/search?q=%20").status == 422


def test_api_records_the_suggestion_used(api, kb):
    hit = search.search("出租车经营权", k=1)[0]
    response = api("operator").post(
        "/knowledge/uses", {"passage_id": hit.passage_id, "kind": "script", "query": "出租车"}
    )
    assert response.status == 201 and response.body["doc_id"] == hit.doc_id
    assert AnswerUse.objects.get().user.username == "operator"


def test_api_status_change_is_for_platform_staff(api, kb):
    doc = Document.objects.first()
    assert api("handler").post(f"/knowledge/documents/{doc.pk}/expire").status == 403
    ok = api("operator").post(f"/knowledge/documents/{doc.pk}/expire")
    assert (ok.status, ok.body["status"]) == (200, "expired")


def test_cli_search_json(kb, capsys):
    call_command("kb", "search", "出租车经营权", "-k", "1", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["doc_number"] == "测交发〔2025〕3号"


def test_questions_that_found_nothing_are_listed(kb):
    from jiesu.knowledge import queries

    actions.log_search("火星移民签证", [], actor=SYSTEM)
    actions.log_search("火星移民签证", [], actor=SYSTEM)
    assert queries.unanswered()[0]["text"] == "火星移民签证"
    assert queries.unanswered()[0]["times"] == 2
