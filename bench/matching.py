#!/usr/bin/env python
"""The same-matter lookup (一事多人 / 一人多次) against a large history (issue 9).

    python bench/matching.py --size 100000 --queries 200 [--database-url postgres://…/jiesu_bench]

Sets up its own database (a SQLite file in a temporary directory unless --database-url), loads
the demo city, writes ``--size`` tickets with their MatterKey rows in bulk (subjects drawn from
../shared/data/messages-hot.csv when present, else generated; times spread over two years,
one in four callers repeating), then times ``suggest.duplicates`` and ``suggest.repeat_caller``
for ``--queries`` new calls about matters in the history: p50 / p95 in ms, and the load.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "messages-hot.csv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    os.environ.setdefault("JIESU_DATA_DIR", tempfile.mkdtemp(prefix="jiesu-bench-matching-"))
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from jiesu.core.demo import load_demo
    from jiesu.intelligence import matching
    from jiesu.intelligence.models import MatterKey
    from jiesu.intelligence.suggest import Call, duplicates, repeat_caller
    from jiesu.organisation.models import Region
    from jiesu.tickets.models import Ticket

    call_command("migrate", verbosity=0)
    load_demo()
    rng = random.Random(12345)
    if HOT.exists():
        with HOT.open(encoding="utf-8") as handle:
            texts = [(r["subject"], r["detail"]) for r in csv.DictReader(handle)]
    else:
        texts = [(f"第{i}小区楼道灯不亮", f"第{i}小区{i % 9}栋楼道灯坏了") for i in range(5000)]
    regions = list(Region.objects.all())
    now = datetime(2026, 6, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    phones = [f"139{n:08d}" for n in range(args.size // 4)]
    started = time.perf_counter()
    batch = 5000
    for start in range(0, args.size, batch):
        rows = []
        for i in range(start, min(start + batch, args.size)):
            subject, content = rng.choice(texts)
            rows.append(
                Ticket(
                    number=f"B{i:012d}",
                    query_code="000000",
                    channel="phone",
                    caller_phone=rng.choice(phones),
                    subject=subject[:200],
                    content=content[:2000],
                    appeal_type="complaint",
                    region=rng.choice(regions),
                    status="closed",
                    created_at=now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
                )
            )
        Ticket.objects.bulk_create(rows)
        MatterKey.objects.bulk_create(
            [
                MatterKey(key=k, ticket_id=t.pk, created_at=t.created_at)
                for t in rows
                for k in matching.band_keys(matching.shingles(t.subject, t.content))
            ],
            batch_size=20000,
        )
        print(
            f"{start + len(rows)} tickets, {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
    dup, rep = [], []
    for _ in range(args.queries):
        subject, content = rng.choice(texts)
        call = Call(
            subject=subject, content=content, phone=rng.choice(phones), region=rng.choice(regions)
        )
        t = time.perf_counter()
        duplicates(call, now)
        dup.append(1000 * (time.perf_counter() - t))
        t = time.perf_counter()
        repeat_caller(call, now)
        rep.append(1000 * (time.perf_counter() - t))

    def p(values, q):
        values = sorted(values)
        return round(values[min(len(values) - 1, int(len(values) * q))], 2)

    result = {
        "size": args.size,
        "database": "postgresql" if args.database_url else "sqlite",
        "matter_keys": MatterKey.objects.count(),
        "duplicates_ms_p50": round(statistics.median(dup), 2),
        "duplicates_ms_p95": p(dup, 0.95),
        "repeat_caller_ms_p50": round(statistics.median(rep), 2),
        "repeat_caller_ms_p95": p(rep, 0.95),
        "load": os.getloadavg(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
