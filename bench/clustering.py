#!/usr/bin/env python
"""Hotspot clustering against verified matters (issue 9).

    python bench/clustering.py [--hot ../shared/data/messages-hot.csv] [--json OUT]

The development set is ``src/jiesu/intelligence/tests/fixtures/hot_matters.csv``: messages of
messages-hot.csv grouped by hand into matters (one place, one problem; ids and matter names
only; an empty matter is a message alone on its matter). Two settings:

* ``dev``: only the development set's messages are clustered (the vocabulary and IDF are fitted
  on the whole file, as a period's tickets give them);
* ``all``: every message of the file is clustered, and the development set's pairs are scored
  (other messages are distractors, as in a year's hotspots).

Split-half check: the matters are cut into two fixed halves (A, B, by a hash of the matter's
name; messages alone on their matter likewise); each line carries the scores on either half, and
the thresholds that score best on A are reported with their score on B.

Scores: pairwise precision / recall / F1 and the share of matters found
(``jiesu.intelligence.clustering.agreement``), for the shipped two-stage clustering and for
the baseline (character 1–3-gram TF-IDF of subject + content, one average-linkage cut) over a
sweep of thresholds; process CPU time of each run.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
django.setup()

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.preprocessing import normalize  # noqa: E402

from jiesu.intelligence import clustering  # noqa: E402
from jiesu.intelligence.text import normalise  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "messages-hot.csv"
FIXTURE = ROOT / "src" / "jiesu" / "intelligence" / "tests" / "fixtures" / "hot_matters.csv"


def read_gold() -> dict[str, str]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["matter"] or "alone-" + row["id"] for row in csv.DictReader(handle)}


def half(matter: str) -> str:
    """A fixed half of the matters (A or B) for the split-half check: choose on A, read B."""
    return "AB"[int(hashlib.md5(matter.encode()).hexdigest(), 16) % 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hot", default=str(SHARED))
    parser.add_argument("--json")
    args = parser.parse_args()
    with open(args.hot, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    gold = read_gold()
    out: dict = {"load": os.getloadavg(), "messages": len(rows), "results": []}
    dev_ix = [i for i, r in enumerate(rows) if r["id"] in gold]
    subjects = [r["subject"] for r in rows]
    contents = [r["detail"] for r in rows]
    shipped_x = clustering.vectors(subjects, contents)
    plain_x = normalize(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True).fit_transform(
            [normalise(s + " " + c) for s, c in zip(subjects, contents, strict=True)]
        )
    ).tocsr()

    def record(setting: str, method: str, threshold: str, index: list[int], found) -> None:
        ids = [rows[i]["id"] for i in index]
        scores = clustering.agreement(
            {i: gold[i] for i in ids if i in gold},
            {i: int(g) for i, g in zip(ids, found, strict=True)},
        )
        line = {"setting": setting, "method": method, "threshold": threshold, **scores}
        for part in "AB":
            line[part] = clustering.agreement(
                {i: gold[i] for i in ids if i in gold and half(gold[i]) == part},
                {i: int(g) for i, g in zip(ids, found, strict=True)},
            )
        out["results"].append(line)
        print(json.dumps(line, ensure_ascii=False), flush=True)

    for setting, index in (("dev", dev_ix), ("all", list(range(len(rows))))):
        x_ship, x_plain = shipped_x[index], plain_x[index]
        cpu = time.process_time()
        record(setting, "shipped", "0.80 / 0.60", index, clustering.labels(x_ship))
        out[f"{setting}_shipped_cpu_seconds"] = round(time.process_time() - cpu, 1)
        for distance in (0.75, 0.8, 0.85):
            for merge in (0.55, 0.6, 0.65):
                if (distance, merge) != (0.8, 0.6):
                    found = clustering.labels(x_ship, distance=distance, merge_distance=merge)
                    record(setting, "shipped", f"{distance} / {merge}", index, found)
        for distance in (0.8, 0.85, 0.875, 0.9):
            found = clustering.labels(x_plain, distance=distance, rounds=0)
            record(setting, "baseline", f"{distance}", index, found)
    for setting in ("dev", "all"):
        lines = [r for r in out["results"] if r["setting"] == setting and r["method"] == "shipped"]
        best = max(lines, key=lambda r: (r["A"]["f1"], r["A"]["found"]))
        out[f"{setting}_split_half"] = {"threshold": best["threshold"], "B": best["B"]}
        print(f"{setting}: chosen on half A {best['threshold']}, half B {best['B']}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
