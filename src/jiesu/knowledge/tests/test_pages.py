"""The knowledge administration pages: platform staff list, view, disable, re-index and import;
a unit handler is refused; the insights page shows used answers and unanswered questions."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from jiesu.knowledge import actions, search
from jiesu.knowledge.models import Document
from jiesu.organisation.actor import SYSTEM
from jiesu.testing.builders import gazette_bytes, person

pytestmark = pytest.mark.usefixtures("city")


def login(client, username="operator"):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_import_list_and_view(client):
    login(client)
    upload = SimpleUploadedFile("gazette.txt", gazette_bytes(), content_type="text/plain")
    bad = SimpleUploadedFile("bad.pdf", b"%PDF-broken", content_type="application/pdf")
    response = client.post("/desk/knowledge/import/", {"files": [upload, bad]}, follow=True)
    body = response.content.decode()
    assert "新增 2 篇" in body and "bad.pdf" in body
    assert "测政办发〔2025〕7号" in body
    doc = Document.objects.get(doc_number="测交发〔2025〕3号")
    page = client.get(f"/desk/knowledge/d/{doc.pk}/").content.decode()
    assert "经营期限为八年" in page and "停用" in page


def test_disable_and_reindex_from_the_page(client):
    login(client)
    actions.import_file("gazette.txt", gazette_bytes(), actor=SYSTEM)
    doc = Document.objects.get(doc_number="测交发〔2025〕3号")
    client.post(f"/desk/knowledge/d/{doc.pk}/", {"verb": "disable"})
    doc.refresh_from_db()
    assert doc.status == "disabled"
    response = client.post(f"/desk/knowledge/d/{doc.pk}/", {"verb": "reindex"}, follow=True)
    assert "已重建索引" in response.content.decode()


def test_a_unit_handler_is_refused(client):
    login(client, "handler")
    assert client.get("/desk/knowledge/").status_code == 403


def test_insights_show_used_answers_and_gaps(client):
    login(client)
    actions.import_file("gazette.txt", gazette_bytes(), actor=SYSTEM)
    search.forget_stats()
    hit = search.search("出租车经营权", k=1)[0]
    actions.record_use(passage_id=hit.passage_id, kind="script", actor=person("operator"))
    client.get("/desk/knowledge/answers/", {"q": "火星移民签证怎么办"})
    page = client.get("/desk/knowledge/insights/").content.decode()
    assert "关于出租汽车经营权有偿使用的通知" in page and "火星移民签证怎么办" in page


def test_the_desk_records_the_used_suggestion(client):
    login(client)
    actions.import_file("gazette.txt", gazette_bytes(), actor=SYSTEM)
    search.forget_stats()
    hit = search.search("出租车经营权", k=1)[0]
    response = client.post(
        "/desk/knowledge/use/", {"passage_id": hit.passage_id, "kind": "script", "query": "出租车"}
    )
    assert response.status_code == 204
    assert actions.AnswerUse.objects.filter(document_id=hit.doc_id, kind="script").exists()
