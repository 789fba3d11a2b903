"""The classifier learns categories from history and ranks them with confidences; a missing,
corrupt or outdated model file means no suggestions, said as such, and intake goes on."""

from __future__ import annotations

import os

import joblib
import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from jiesu.intelligence import classifier, store, training
from jiesu.intelligence.models import TrainedModel
from jiesu.intelligence.suggest import Call, suggest
from jiesu.intelligence.tests.conftest import history
from jiesu.intelligence.text import normalise
from jiesu.testing.builders import T0


def test_it_learns_the_categories_of_its_history():
    # given
    texts, labels = history()
    # when
    model = classifier.train(texts, labels)
    # then
    ranked = model.rank("阳新县某小区物业不修楼道灯已经一个月")
    assert ranked[0][0] == "urban-property"
    assert 0 < ranked[-1][1] <= ranked[0][1] <= 1
    assert model.predict(["工地老板拖欠农民工工资"]) == ["labour-wages"]


def test_evaluate_reports_macro_f1_accuracy_and_each_class():
    texts, labels = history()
    model = classifier.train(texts, labels)
    result = classifier.evaluate(model, texts[:12], labels[:12])
    assert set(result) >= {"macro_f1", "accuracy", "n", "per_class"}
    assert result["n"] == 12
    assert result["per_class"]["urban-property"]["n"] == 12


def test_one_category_is_not_enough_to_train():
    with pytest.raises(ValueError):
        classifier.train(["物业不修灯", "物业乱收费"], ["urban-property"] * 2)


def test_the_held_out_split_is_fixed_and_disjoint():
    first = classifier.held_out_split(50)
    assert first == classifier.held_out_split(50)
    assert not set(first[0]) & set(first[1]) and len(first[1]) == 10


@pytest.mark.django_db
def test_a_new_model_becomes_active_and_the_previous_is_kept():
    texts, labels = history()
    first, metrics = training.train_and_store(texts, labels, now=T0)
    second, _ = training.train_and_store(texts, labels, now=T0.replace(hour=10), held_out=0)
    assert metrics["n"] == len(texts) // 5 and metrics["macro_f1"] > 0.5
    assert [(r.version, r.active) for r in TrainedModel.objects.order_by("trained_at")] == [
        (first.version, False),
        (second.version, True),
    ]
    assert store.active_bundle()["version"] == second.version


@pytest.mark.django_db
@pytest.mark.parametrize("damage", ["missing", "corrupt", "outdated"])
def test_a_broken_model_means_no_suggestions_said_as_such(damage, caplog):
    # given
    texts, labels = history()
    row, _ = training.train_and_store(texts, labels, now=T0, held_out=0)
    store.forget()
    if damage == "missing":
        TrainedModel.objects.filter(pk=row.pk).update(file=row.file + ".gone")
    elif damage == "corrupt":
        with open(row.file, "wb") as handle:
            handle.write(b"not a model")
    else:
        joblib.dump({"format": classifier.FORMAT - 1}, row.file)
    # when
    result = suggest(Call(subject="物业不修楼道灯", content="请处理"), now=T0)
    # then
    assert result["categories"] == [] and result["units"] == []
    assert result["notice"]
    assert "智能建议已停用" in caplog.text


def test_the_hand_rolled_features_are_sklearns():
    # given: each view fitted on the history, and the same analyzer in sklearn's vectorizer
    texts, labels = history()
    model = classifier.train(texts, labels)
    unseen = ["物业不修楼道灯 已经一个月", "工地老板拖欠农民工工资 2000 元", "", "！？", texts[3]]
    for view in model.views:
        reference = TfidfVectorizer(analyzer=view.analyzer, sublinear_tf=True, min_df=2)
        reference.fit([normalise(t) for t in texts])
        assert reference.vocabulary_ == view.vocabulary
        # when
        ours = view.transform([normalise(t) for t in unseen])
        # then
        theirs = view.weight * reference.transform([normalise(t) for t in unseen])
        assert np.allclose(ours.toarray(), theirs.toarray(), atol=1e-6)


def test_scores_are_the_stacked_features_times_the_weights():
    texts, labels = history()
    model = classifier.train(texts, labels)
    x = model.transform([normalise(t) for t in texts[:5]])
    expected = x @ model.weights + model.bias
    assert np.allclose(model.scores(texts[:5]), expected, atol=1e-5)


@pytest.mark.django_db
def test_a_model_file_put_back_brings_the_suggestions_back_without_a_restart(monkeypatch):
    # given: the active model's file went missing, and the web process noticed
    texts, labels = history()
    row, _ = training.train_and_store(texts, labels, now=T0, held_out=0)
    store.forget()
    moved = row.file + ".moved"
    os.rename(row.file, moved)
    call = Call(subject="物业不修楼道灯", content="请处理")
    assert suggest(call, now=T0)["categories"] == []
    # when: the administrator puts it back; before the retry is due nothing is read again
    os.rename(moved, row.file)
    assert suggest(call, now=T0)["categories"] == []
    monkeypatch.setattr(store, "RETRY_SECONDS", 0.0)
    # then: the next suggestion loads it again
    result = suggest(call, now=T0)
    assert result["categories"][0]["code"] == "urban-property"
    assert store.problem() == ""
