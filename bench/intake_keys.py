#!/usr/bin/env python
"""What the same-matter keys cost plain intake (issue 9: a request that asks for no suggestions
costs no more than before; decision 0109).

    python bench/intake_keys.py [--tickets 600] [--rounds 5]

In process, on a fresh SQLite database (temporary directory) with the demo city: the intake
action (``tickets.actions.intake_ticket``, as the API calls it, keys written in its transaction
by ``suggest.index_ticket``) run ``--tickets`` times per scheme per round, the schemes
interleaved round by round, their order turning (the database grows as it goes), so that a
change of the machine's load or of the table's size falls on all of them alike.
Texts: subject and detail of ../shared/data/messages-hot.csv when present, else generated.
Schemes: ``16x2`` (the formula before decision 0109: 32 MinHash functions, 16 rows), ``16x1``
(shipped: 16 functions, 16 rows) and ``32x1`` (32 functions, 32 rows), set by patching
``matching.BANDS / ROWS`` and the hash coefficients. Prints per scheme the process CPU per
ticket (mean over rounds, and each round's), the key computation alone, and the load average.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.pop("DATABASE_URL", None)
os.environ["JIESU_DATA_DIR"] = tempfile.mkdtemp(prefix="jiesu-bench-intake-keys-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

HOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "messages-hot.csv"
SCHEMES = {"16x2": (16, 2), "16x1": (16, 1), "32x1": (32, 1)}


def use(bands: int, rows: int) -> None:
    from jiesu.intelligence import matching, suggest

    rng = np.random.default_rng(20251202)
    matching.BANDS, matching.ROWS = bands, rows
    matching._A = rng.integers(1, 1 << 31, size=bands * rows, dtype=np.uint64)
    matching._B = rng.integers(0, 1 << 31, size=bands * rows, dtype=np.uint64)
    suggest._index_sql.cache_clear()


def texts() -> list[tuple[str, str]]:
    if HOT.exists():
        with HOT.open(encoding="utf-8-sig", newline="") as handle:
            return [(r["subject"][:200], r["detail"][:2000]) for r in csv.DictReader(handle)]
    return [(f"第{i}小区楼道灯不亮", f"第{i}小区{i % 9}栋楼道灯坏了三个月") for i in range(4000)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from django.core.management import call_command

    from jiesu.core.demo import load_demo
    from jiesu.intelligence import matching
    from jiesu.intelligence.models import MatterKey
    from jiesu.testing.builders import intake_data, person
    from jiesu.tickets import actions

    call_command("migrate", verbosity=0)
    load_demo()
    actor = person("operator")
    pool = texts()
    load_before = os.getloadavg()
    cpu: dict[str, list[float]] = {name: [] for name in SCHEMES}
    keys_cpu: dict[str, list[float]] = {name: [] for name in SCHEMES}
    rows: dict[str, int] = {}
    n = 0
    names = list(SCHEMES)
    for round_ in range(args.rounds):
        # the order turns each round: the database grows as it goes, and no scheme always runs last
        for name in names[round_ % 3 :] + names[: round_ % 3]:
            bands, rows_per_band = SCHEMES[name]
            use(bands, rows_per_band)
            batch = [pool[(n + i) % len(pool)] for i in range(args.tickets)]
            n += args.tickets
            c0 = time.process_time()
            for subject, content in batch:
                matching.band_keys(matching.shingles(subject, content))
            keys_cpu[name].append((time.process_time() - c0) * 1000 / len(batch))
            before = MatterKey.objects.count()
            c0 = time.process_time()
            for i, (subject, content) in enumerate(batch):
                actions.intake_ticket(
                    intake_data(subject=subject, content=content, caller_phone=f"139{n + i:08d}"),
                    actor=actor,
                )
            cpu[name].append((time.process_time() - c0) * 1000 / len(batch))
            rows[name] = round((MatterKey.objects.count() - before) / len(batch), 2)
    out = {
        "tickets_per_scheme_per_round": args.tickets,
        "rounds": args.rounds,
        "load_before": load_before,
        "load_after": os.getloadavg(),
    }
    for name in SCHEMES:
        out[name] = {
            "intake_cpu_ms_per_ticket_mean": round(statistics.mean(cpu[name]), 3),
            "intake_cpu_ms_per_ticket_rounds": [round(x, 3) for x in cpu[name]],
            "keys_cpu_ms_per_ticket_mean": round(statistics.mean(keys_cpu[name]), 3),
            "matter_key_rows_per_ticket": rows[name],
        }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(os.environ["JIESU_DATA_DIR"], ignore_errors=True)
