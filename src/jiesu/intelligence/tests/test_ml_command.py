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

    status = _run("status")
    assert status.startswith("* ") and "条" in status

    predicted = _run("predict", "花湖小区物业不修楼道灯")
    assert predicted.splitlines()[0].startswith("urban-property\t")

    plain = _run("evaluate", labelled)
    assert "准确率" in plain and "urban-property" in plain

    result = json.loads(_run("evaluate", labelled, "--json"))
    assert set(result) >= {"macro_f1", "accuracy", "n", "per_class"}
    assert result["n"] == len(history()[0])
