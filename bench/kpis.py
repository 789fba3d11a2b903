"""Benchmark: a month of the four assessment rates for all units over 1 M tickets (DESIGN §10:
KPI page for one month, all units, 1 M tickets: ≤ 1 s).

    .venv/bin/python bench/kpis.py                      # SQLite in a temporary directory
    .venv/bin/python bench/kpis.py --database-url postgres://postgres@127.0.0.1:5432/jiesu_kpi_bench

It migrates a fresh database (PostgreSQL: dropped and re-created, only if its name contains
``bench``), loads the demo city, and bulk-inserts a generated history over two years: tickets,
one main assignment each (a few returned and re-dispatched), events (intake, dispatch, close;
some closes uncalled), callbacks and call records. Then it times ``assessment.rates.compute``
for one month as of ten days after it (what ``GET /api/v1/kpis`` and the desk page run) and the
first page of a drill-down list, and prints the median and worst of the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parent.parent
END = datetime(2025, 12, 31, 18, tzinfo=SH)
MONTH = (date(2025, 11, 1), date(2025, 11, 30))
AS_OF = datetime(2025, 12, 10, 12, tzinfo=SH)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--tickets", type=int, default=1_000_000)
    p.add_argument("--calls", type=int, default=1_000_000)
    p.add_argument("--database-url", default="")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--batch", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=8)
    return p.parse_args()


def setup(args: argparse.Namespace) -> None:
    if args.database_url:
        name = urlsplit(args.database_url).path.lstrip("/")
        if "bench" not in name:
            raise SystemExit(f"refusing to re-create {name!r}: use a name containing 'bench'")
        import psycopg

        admin = args.database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["JIESU_DATA_DIR"] = tempfile.mkdtemp(prefix="jiesu-kpi-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from jiesu.core.demo import load_demo

    call_command("migrate", verbosity=0)
    load_demo()


class Writer:
    """Rows in, database out: ``COPY`` on PostgreSQL, ``executemany`` on SQLite."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.postgres = connection.vendor == "postgresql"

    def converter(self, field):
        """Datetimes are generated in UTC: SQLite stores them as naive UTC text."""
        from django.db import models

        if isinstance(field, models.DateTimeField) and not self.postgres:
            return lambda v: v and v.replace(tzinfo=None).isoformat(" ")
        if isinstance(field, models.JSONField):
            return lambda v: json.dumps(v, ensure_ascii=False)
        return None

    def write(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        fields = model._meta.concrete_fields
        columns = [f.column for f in fields]
        defaults = [None if f.column == "id" else f.get_default() for f in fields]
        converters = [self.converter(f) for f in fields]
        table = model._meta.db_table
        data = []
        for row in rows:
            values = [row.get(c, d) for c, d in zip(columns, defaults, strict=True)]
            for i, convert in enumerate(converters):
                if convert is not None:
                    values[i] = convert(values[i])
            data.append(values)
        names = ", ".join(f'"{c}"' for c in columns)
        with self.connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in data:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(columns))
                cursor.cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', data)


def generate(args: argparse.Namespace) -> dict:
    from django.db import connection, transaction
    from tqdm import tqdm

    from jiesu.assessment.models import Call
    from jiesu.assessment.rates import assessed_units
    from jiesu.organisation.models import Region
    from jiesu.tickets.models import Assignment, Callback, Event, Ticket

    rng = random.Random(args.seed)
    writer = Writer()
    units = list(assessed_units())
    handling = [u for u in units if u.kind != "platform"]
    platforms = [u for u in units if u.kind == "platform"]
    regions = list(Region.objects.values_list("id", flat=True))
    span = 2 * 365 * 86400
    start = END.astimezone(UTC) - timedelta(seconds=span)
    ids = {"ticket": 0, "assignment": 0, "event": 0, "callback": 0}
    counts = dict.fromkeys(["tickets", "assignments", "events", "callbacks", "calls"], 0)
    bar = tqdm(total=args.tickets + args.calls, unit="rows", desc="history")
    for first in range(0, args.tickets, args.batch):
        n = min(args.batch, args.tickets - first)
        tickets, assignments, events, callbacks = [], [], [], []
        for _ in range(n):
            ids["ticket"] += 1
            tid = ids["ticket"]
            created = start + timedelta(seconds=rng.randrange(span))
            unit = rng.choice(handling)
            age = (END - created).days
            closed = age > 20 or rng.random() < 0.5
            tickets.append(
                {
                    "id": tid,
                    "number": f"{created:%Y%m%d}-{tid:06d}"[:20],
                    "query_code": "12345678",
                    "channel": "phone",
                    "caller_phone": f"139{rng.randrange(10**8):08d}",
                    "subject": "楼道灯不亮",
                    "content": "小区楼道灯坏了",
                    "appeal_type": "complaint",
                    "region_id": rng.choice(regions),
                    "status": "closed" if closed else "dispatched",
                    "created_at": created,
                    "closed_at": created + timedelta(days=8) if closed else None,
                }
            )
            dispatched = created + timedelta(minutes=rng.randrange(5, 240))
            sign_deadline = dispatched + timedelta(days=1)
            answer_deadline = dispatched + timedelta(days=7 if rng.random() < 0.9 else 12)
            returned = rng.random() < 0.03
            hops = [(unit, "returned")] if returned else []
            hops.append((rng.choice(handling) if returned else unit, "answered"))
            for hop_unit, status in hops:
                ids["assignment"] += 1
                signed = dispatched + timedelta(hours=rng.expovariate(1 / 12))
                answered = dispatched + timedelta(days=rng.expovariate(1 / 4))
                done = closed or answered < END
                assignments.append(
                    {
                        "id": ids["assignment"],
                        "ticket_id": tid,
                        "unit_id": hop_unit.pk,
                        "role": "main",
                        "status": status if done else "handling",
                        "dispatched_at": dispatched,
                        "clock_started_at": dispatched,
                        "sign_deadline": sign_deadline,
                        "answer_deadline": answer_deadline,
                        "signed_at": signed if signed < END else None,
                        "answered_at": answered if done and status == "answered" else None,
                    }
                )
                for kind, at in [("intake", created), ("dispatched", dispatched)]:
                    ids["event"] += 1
                    events.append(
                        {
                            "id": ids["event"],
                            "ticket_id": tid,
                            "assignment_id": ids["assignment"] if kind == "dispatched" else None,
                            "kind": kind,
                            "at": at,
                            "data": {},
                        }
                    )
            if closed:
                ids["event"] += 1
                uncalled = rng.random() < 0.02
                events.append(
                    {
                        "id": ids["event"],
                        "ticket_id": tid,
                        "kind": "closed",
                        "at": created + timedelta(days=8),
                        "data": {"called_back": False} if uncalled else {"reason": "回访满意"},
                    }
                )
                if not uncalled and rng.random() < 0.7:
                    ids["callback"] += 1
                    result = rng.choices(
                        ["satisfied", "basically_satisfied", "unsatisfied", "unreached"],
                        [70, 15, 8, 7],
                    )[0]
                    callbacks.append(
                        {
                            "id": ids["callback"],
                            "ticket_id": tid,
                            "main_unit_id": hops[-1][0].pk,
                            "result": result,
                            "comment": "",
                            "at": created + timedelta(days=7, hours=rng.randrange(24)),
                        }
                    )
        with transaction.atomic():
            writer.write(Ticket, tickets)
            writer.write(Assignment, assignments)
            writer.write(Event, events)
            writer.write(Callback, callbacks)
        counts["tickets"] += len(tickets)
        counts["assignments"] += len(assignments)
        counts["events"] += len(events)
        counts["callbacks"] += len(callbacks)
        bar.update(n)
    for first in range(0, args.calls, args.batch):
        n = min(args.batch, args.calls - first)
        calls = []
        for i in range(first, first + n):
            offered = start + timedelta(seconds=rng.randrange(span))
            wait = int(rng.expovariate(1 / 10))
            answered = rng.random() < 0.96
            calls.append(
                {
                    "id": i + 1,
                    "call_id": f"C{i:09d}",
                    "platform_id": rng.choice(platforms).pk,
                    "offered_at": offered,
                    "answered_at": offered + timedelta(seconds=wait) if answered else None,
                    "wait_seconds": wait,
                }
            )
        with transaction.atomic():
            writer.write(Call, calls)
        counts["calls"] += n
        bar.update(n)
    bar.close()
    if writer.postgres:
        with connection.cursor() as cursor:
            for model in (Ticket, Assignment, Event, Callback, Call):
                cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{model._meta.db_table}\"', 'id'), "
                    f'(SELECT MAX(id) FROM "{model._meta.db_table}"))'
                )
    return counts


def timed(label: str, fn, runs: int) -> dict:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    result = {"median_s": statistics.median(samples), "max_s": max(samples)}
    print(f"{label:<40} median {result['median_s']:.3f} s   max {result['max_s']:.3f} s")
    return result


def main() -> None:
    args = parse_args()
    setup(args)
    from django.db import connection

    from jiesu.assessment import queries, rates
    from jiesu.assessment.rates import Period
    from jiesu.organisation.actor import SYSTEM

    t = time.perf_counter()
    counts = generate(args)
    print(f"generated {counts} in {time.perf_counter() - t:.0f} s on {connection.vendor}")
    period = Period(*MONTH, as_of=AS_OF)
    result = rates.compute(period)
    city = result.city
    assert city is not None
    print("city:", {k: round(v, 4) if v else v for k, v in city.rates.items()}, city.counts)
    timed("rates.compute (one month, all units)", lambda: rates.compute(period), args.runs)
    timed(
        "assessment_for_user (API body)",
        lambda: queries.assessment_for_user(SYSTEM, period),
        args.runs,
    )
    timed(
        "drill-down first page (completion_late)",
        lambda: list(queries.assignment_drill(SYSTEM, period, "completion_late")[:51]),
        args.runs,
    )
    print("load average (1, 5, 15 min):", os.getloadavg())


if __name__ == "__main__":
    main()
