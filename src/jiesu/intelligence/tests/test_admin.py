"""The administrator sees in the admin which classifier is in use, how it scored, and why there
are no suggestions when its file is missing or broken; and the imported tickets' sources."""

from __future__ import annotations

import pytest

from jiesu.intelligence import matching, matterindex, store, training
from jiesu.intelligence.models import HistoryRecord, MatterKey
from jiesu.intelligence.tests.conftest import history
from jiesu.testing.builders import T0, make_ticket

pytestmark = pytest.mark.django_db

MODELS = "/admin/intelligence/trainedmodel/"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_without_a_model_the_list_says_how_to_train_one(admin_client):
    response = admin_client.get(MODELS)

    assert response.status_code == 200
    assert any("尚未训练分类模型" in m for m in _messages(response))


def test_the_models_with_the_active_one_marked_and_their_scores(admin_client):
    row, _metrics = training.train_and_store(*history(), now=T0, held_out=0.2)

    response = admin_client.get(MODELS)

    assert response.status_code == 200
    assert [r.version for r in response.context["cl"].result_list] == [row.version]
    page = response.content.decode()
    assert "macro-F1" in page and f"{row.metrics['macro_f1']:.3f}" in page
    assert not any("停用" in m for m in _messages(response))


def test_a_corrupt_model_file_is_named_in_the_admin(admin_client):
    row, _metrics = training.train_and_store(*history(), now=T0, held_out=0)
    store.forget()
    with open(row.file, "wb") as handle:
        handle.write(b"not a model")

    response = admin_client.get(MODELS)

    assert any("智能建议已停用" in m for m in _messages(response))
    assert admin_client.get(f"{MODELS}{row.pk}/change/").status_code == 200


def test_imported_tickets_sources_are_listed_read_only(city, admin_client):
    ticket = make_ticket(subject="楼道灯不亮")
    HistoryRecord.objects.create(ticket=ticket, source="old12345", source_id="A-17")

    response = admin_client.get("/admin/intelligence/historyrecord/", {"q": "A-17"})

    assert response.status_code == 200
    assert [r.source_id for r in response.context["cl"].result_list] == ["A-17"]
    assert admin_client.get("/admin/intelligence/historyrecord/add/").status_code == 403


def test_a_same_matter_index_of_an_older_formula_is_named_in_the_admin(city, admin_client):
    # given a ticket whose keys an older release wrote (no scheme bits)
    ticket = make_ticket(subject="楼道灯不亮")
    for row in MatterKey.objects.filter(ticket=ticket):
        row.key &= (1 << matching.SCHEME_SHIFT) - 1
        row.save(update_fields=["key"])
    matterindex.forget()

    response = admin_client.get(MODELS)

    assert any("jiesu matters reindex" in m for m in _messages(response))
    matterindex.forget()
