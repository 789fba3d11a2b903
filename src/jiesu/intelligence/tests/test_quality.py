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


@pytest.fixture(scope="module")
def hot():
    """The whole file's messages and their texts: the vocabulary of a period's tickets."""
    rows = _hot_messages()
    return rows, clustering.texts([r["subject"] for r in rows], [r["detail"] for r in rows])


@pytest.mark.parametrize(
    ("fixture", "messages", "matters", "f1", "found"),
    [
        # the development set: the thresholds were chosen on it (gives 0.906, 90.7 % with the
        # places of decision 0110; 0.907, 90.7 % before)
        pytest.param(FIXTURE, 443, 43, 0.90, 0.90, id="dev"),
        # the second set (decision 0095); the split's similarity (0106) and the places' cap
        # (0110) were chosen on it and dev (gives 0.875, 96.8 %; 0.842, 95.2 % before 0110)
        pytest.param(TEST_FIXTURE, 349, 63, 0.865, 0.96, id="second"),
        # the third (decision 0100), never used to choose a threshold: the clustering gives 0.826
        # and 100 % there (0.816 before 0110), still under the 0.90 target
        pytest.param(THIRD_FIXTURE, 162, 38, 0.82, 0.97, id="third"),
    ],
)
def test_the_clustering_finds_the_verified_matters(hot, fixture, messages, matters, f1, found):
    # given: a verified set, with the vocabulary of the whole file
    rows, texts = hot
    gold = _verified_matters(fixture)
    chosen = [i for i, r in enumerate(rows) if r["id"] in gold]
    # when
    groups = clustering.matters(texts.rows(chosen))
    # then
    scores = clustering.agreement(
        gold, {rows[i]["id"]: int(g) for i, g in zip(chosen, groups, strict=True)}
    )
    assert scores["rows"] == len(gold) == messages
    assert scores["matters"] == matters
    assert scores["f1"] >= f1, scores
    assert scores["found"] >= found, scores


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
