"""Quality on real messages (issue 9): the hotspot clustering against the hand-verified matters of
``fixtures/hot_matters.csv`` (texts from ``../shared/data/messages-hot.csv``) and the classifier on
a held-out share of ``../shared/data/messages-labelled.csv``. Skipped when ../shared/data is absent.
The thresholds sit a little under what the shipped code reaches (docs/benchmarks.md), so a change
that makes either worse fails here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from jiesu.intelligence import classifier, clustering
from jiesu.intelligence.training import read_labelled_file

DATA = Path(__file__).resolve().parents[5] / "shared" / "data"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "hot_matters.csv"
#: a second set of verified matters, disjoint from the first and never used to choose (0095)
TEST_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "hot_matters_test.csv"
#: a third set, built before decision 0100 measured anything on it and never used to choose
THIRD_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "hot_matters_third.csv"

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is absent")


def _hot_messages() -> list[dict[str, str]]:
    with (DATA / "messages-hot.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _verified_matters(fixture: Path = FIXTURE) -> dict[str, str]:
    with fixture.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["matter"] or "alone-" + row["id"] for row in csv.DictReader(handle)}


def test_the_clustering_finds_the_verified_matters():
    # given: the verified messages, with the vocabulary of the whole file
    rows, gold = _hot_messages(), _verified_matters()
    texts = clustering.texts([r["subject"] for r in rows], [r["detail"] for r in rows])
    dev = [i for i, r in enumerate(rows) if r["id"] in gold]
    # when
    found = clustering.joined(texts.rows(dev))
    # then
    scores = clustering.agreement(
        gold, {rows[i]["id"]: int(g) for i, g in zip(dev, found, strict=True)}
    )
    assert scores["rows"] == len(gold) == 443
    assert scores["f1"] >= 0.89, scores
    assert scores["found"] >= 0.90, scores


def test_the_clustering_on_the_second_set_of_verified_matters():
    # given: the second set (63 matters), never used to choose the clustering
    rows, gold = _hot_messages(), _verified_matters(TEST_FIXTURE)
    texts = clustering.texts([r["subject"] for r in rows], [r["detail"] for r in rows])
    chosen = [i for i, r in enumerate(rows) if r["id"] in gold]
    # when
    found = clustering.joined(texts.rows(chosen))
    # then
    scores = clustering.agreement(
        gold, {rows[i]["id"]: int(g) for i, g in zip(chosen, found, strict=True)}
    )
    assert scores["rows"] == len(gold) == 349
    assert scores["matters"] == 63
    assert scores["f1"] >= 0.83, scores
    assert scores["found"] >= 0.93, scores


def test_the_clustering_on_the_third_set_of_verified_matters():
    # given: the third set (38 matters; decision 0100), with the vocabulary of the whole file
    rows, gold = _hot_messages(), _verified_matters(THIRD_FIXTURE)
    texts = clustering.texts([r["subject"] for r in rows], [r["detail"] for r in rows])
    chosen = [i for i, r in enumerate(rows) if r["id"] in gold]
    # when
    found = clustering.joined(texts.rows(chosen))
    # then: under what the shipped clustering gives (0.784, 97.4 %), far from the 0.90 target
    scores = clustering.agreement(
        gold, {rows[i]["id"]: int(g) for i, g in zip(chosen, found, strict=True)}
    )
    assert scores["rows"] == len(gold) == 162
    assert scores["matters"] == 38
    assert scores["f1"] >= 0.77, scores
    assert scores["found"] >= 0.95, scores


def test_the_classifier_on_messages_it_never_saw():
    # given: half of the fixed 80/20 training share (2,525 messages, ~10 s CPU; the whole share
    # takes ~25 s and gives 0.934, decision 0090)
    texts, labels = read_labelled_file(DATA / "messages-labelled.csv", "text", "category")
    train_ix, test_ix = classifier.held_out_split(len(texts))
    train_ix = train_ix[::2]
    # when
    model = classifier.train([texts[i] for i in train_ix], [labels[i] for i in train_ix])
    # then
    result = classifier.evaluate(model, [texts[i] for i in test_ix], [labels[i] for i in test_ix])
    assert result["n"] == len(test_ix) == 1262
    assert result["macro_f1"] >= 0.91, result["macro_f1"]
