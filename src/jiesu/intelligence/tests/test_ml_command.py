"""``jiesu ml`` as a new centre runs it: train, status, predict, evaluate (plain and --json)."""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command

from jiesu.intelligence.tests.conftest import history

pytestmark = pytest.mark.django_db


def _labelled(path) -> str:
    texts, labels = history()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "category"])
        writer.writerows(zip(texts, labels, strict=True))
    return str(path)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("ml", *args, stdout=out)
    return out.getvalue()


def test_train_status_predict_and_evaluate_print_in_chinese(tmp_path):
    labelled = _labelled(tmp_path / "labelled.csv")

    trained = _run("train", "--from", labelled)
    assert "条样本，3 个类别" in trained
    assert "已启用" in trained
    assert "留出" in trained and "macro-F1" in trained
    assert "提取特征" in trained and "features" not in trained  # the steps in Chinese too

    status = _run("status")
    assert status.startswith("* ") and "条" in status

    predicted = _run("predict", "花湖小区物业不修楼道灯")
    assert predicted.splitlines()[0].startswith("urban-property\t")

    plain = _run("evaluate", labelled)
    assert "准确率" in plain and "urban-property" in plain

    result = json.loads(_run("evaluate", labelled, "--json"))
    assert set(result) >= {"macro_f1", "accuracy", "n", "per_class"}
    assert result["n"] == len(history()[0])


NAMES = {"urban-property": "物业管理", "env-noise": "噪声扰民", "labour-wages": "拖欠工资"}


def test_evaluate_reads_category_names_as_the_catalogue_codes_they_stand_for(tmp_path):
    """A model trained from the tickets knows codes; a legacy file says 物业管理."""
    from jiesu.catalogue.models import Category

    for code, name in NAMES.items():
        Category.objects.update_or_create(code=code, defaults={"name": name})
    _run("train", "--from", _labelled(tmp_path / "labelled.csv"))
    texts, labels = history()
    named = tmp_path / "named.csv"
    with open(named, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "category"])
        writer.writerows((t, NAMES[c]) for t, c in zip(texts, labels, strict=True))

    result = json.loads(_run("evaluate", str(named), "--json"))

    assert result["accuracy"] > 0.9
    assert set(result["per_class"]) == set(NAMES)


def test_predict_names_each_category(tmp_path):
    from jiesu.catalogue.models import Category

    Category.objects.update_or_create(code="urban-property", defaults={"name": "物业管理"})
    _run("train", "--from", _labelled(tmp_path / "labelled.csv"))

    first = _run("predict", "花湖小区物业不修楼道灯").splitlines()[0]

    assert first.startswith("urban-property\t物业管理\t")


def test_a_models_version_is_its_training_time_in_beijing(tmp_path):
    from datetime import UTC, datetime

    from jiesu.intelligence import training

    row, _metrics = training.train_and_store(
        *history(), now=datetime(2025, 6, 23, 1, 0, tzinfo=UTC), held_out=0
    )

    assert row.version == "20250623-090000"  # as the admin shows 训练时间: 2025-06-23 09:00
