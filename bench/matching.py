#!/usr/bin/env python
"""The same-matter lookup (一事多人 / 一人多次) against a large history (issue 9; budget: ≤ 50 ms
with 1 M tickets in history).

    .venv/bin/python bench/matching.py --size 1000000 --queries 200
    .venv/bin/python bench/matching.py --size 1000000 --queries 200 \\
        --database-url postgres://postgres@127.0.0.1:5432/jiesu_matching_bench
    .venv/bin/python bench/matching.py --existing --queries 200 \\
        --database-url postgres://postgres@127.0.0.1:5432/i12_http_1m_bench

Sets up its own database (a SQLite file in a temporary directory, or the PostgreSQL database of
--database-url, dropped and re-created, only if its name contains "bench"), loads the demo city
and generates the history inside the database, as bench/kpis.py does (INSERT … SELECT over a
series): ``--size`` tickets over two years, each one of ``--texts`` texts (a subject and a
detail of ../shared/data/messages-hot.csv when present, else generated), a caller from a pool
of ``--size // 4`` phones, a region of the demo city; and the 16 ``MatterKey`` rows of each
ticket, joined from the keys of its text (computed once per text in Python). Then it times
``suggest.duplicates`` and ``suggest.repeat_caller`` for ``--queries`` new calls about matters
in the history: p50 / p95 wall and process CPU in ms (on SQLite the database works inside the
process, so CPU is the whole cost; on PostgreSQL it is the client side, and the EXPLAIN ANALYZE
of each lookup's statement gives the database's time), and the load average.
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
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kpis import SPAN, START, Sql  # noqa: E402 (the bench directory is not a package)

HOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "messages-hot.csv"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--size", type=int, default=1_000_000)
    p.add_argument("--texts", type=int, default=20_000, help="distinct ticket texts")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--database-url", default="")
    p.add_argument("--json", default="", help="also write the result to this file")
    p.add_argument(
        "--existing",
        action="store_true",
        help="time the lookups against the history already in the database of --database-url\n"
        "(e.g. one bench/intake_dispatch.py grew with --index-matters): nothing is created;\n"
        "the calls are the texts and phones of its own latest tickets",
    )
    return p.parse_args()


def setup(args: argparse.Namespace) -> None:
    if args.existing:
        if not args.database_url:
            raise SystemExit("--existing needs --database-url")
        os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
        import django

        django.setup()
        return
    if args.database_url:
        from urllib.parse import urlsplit

        import psycopg

        name = urlsplit(args.database_url).path.lstrip("/")
        if "bench" not in name:
            raise SystemExit(f"refusing to re-create {name!r}: use a name containing 'bench'")
        admin = args.database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["JIESU_DATA_DIR"] = tempfile.mkdtemp(prefix="jiesu-bench-matching-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from jiesu.core.demo import load_demo

    call_command("migrate", verbosity=0)
    load_demo()


def texts(count: int, rng: random.Random) -> list[tuple[str, str]]:
    if HOT.exists():
        with HOT.open(encoding="utf-8") as handle:
            rows = [(r["subject"][:200], r["detail"][:2000]) for r in csv.DictReader(handle)]
        # a subject with the detail of a random other message: more distinct texts than rows
        return [rows[i % len(rows)][:1] + rng.choice(rows)[1:] for i in range(count)]
    return [(f"第{i}小区楼道灯不亮", f"第{i}小区{i % 9}栋楼道灯坏了") for i in range(count)]


def generate(args: argparse.Namespace, pool: list[tuple[str, str]]) -> float:
    """Tickets and their MatterKey rows, inside the database. Text i of ticket n is
    h(21, n) % len(pool); the keys of each text go to a scratch table first."""
    from django.db import connection, transaction

    from jiesu.intelligence import matching
    from jiesu.intelligence.models import MatterKey
    from jiesu.organisation.models import Region
    from jiesu.tickets.models import Ticket

    q = Sql()
    regions = list(Region.objects.order_by("pk").values_list("pk", flat=True))
    region = "(CASE ({} % {}) {} END)".format(
        q.h(22), len(regions), " ".join(f"WHEN {i} THEN {pk}" for i, pk in enumerate(regions))
    )
    k = len(pool)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_text (i INTEGER PRIMARY KEY, subject TEXT, content TEXT)"
        )
        cursor.execute("CREATE TEMPORARY TABLE bench_key (i INTEGER, k BIGINT)")
        cursor.executemany(
            "INSERT INTO bench_text VALUES (%s, %s, %s)",
            [(i, s, c) for i, (s, c) in enumerate(pool)],
        )
        cursor.executemany(
            "INSERT INTO bench_key VALUES (%s, %s)",
            [
                (i, key)
                for i, (s, c) in enumerate(pool)
                for key in matching.band_keys(matching.shingles(s, c))
            ],
        )
        cursor.execute("CREATE INDEX bench_key_i ON bench_key (i)")
        text_of = f"({q.h(21)} % {k})"
        # a skewed pool of size/4 phones: the product of two uniform draws, some callers often
        phones = max(args.size // 4, 1)
        phone = f"CAST(13900000000 + ({q.h(23)} % {phones}) * ({q.h(24)} % {phones}) / {phones} AS TEXT)"
        columns = {f.column: q.literal(f.get_default()) for f in Ticket._meta.concrete_fields}
        columns.update(
            id="n",
            number="'B' || n",
            query_code="'000000'",
            channel="'phone'",
            caller_phone=phone,
            subject="t.subject",
            content="t.content",
            appeal_type="'complaint'",
            region_id=region,
            status="'closed'",
            created_at=q.at(f"({q.h(1)} % {SPAN})"),
        )
        names = ", ".join(f'"{c}"' for c in columns)
        cursor.execute(
            f'INSERT INTO "{Ticket._meta.db_table}" ({names}) SELECT {", ".join(columns.values())}'
            f" FROM {q.series(args.size)} JOIN bench_text t ON t.i = {text_of}"
        )
        # 16 rows a ticket: without the index (built after) and, on PostgreSQL, without the
        # per-row foreign-key triggers (the ticket ids are the ones just inserted)
        index = MatterKey._meta.indexes[0]
        create_index = str(index.create_sql(MatterKey, connection.schema_editor()))
        cursor.execute(f'DROP INDEX "{index.name}"')
        if q.pg:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            f'INSERT INTO "{MatterKey._meta.db_table}" ("key", "ticket_id", "created_at") '
            f'SELECT b.k, x.id, x.created_at FROM "{Ticket._meta.db_table}" x '
            f"JOIN bench_key b ON b.i = {q.h(21, 'x.id')} % {k}"
        )
        if q.pg:
            cursor.execute("SET LOCAL session_replication_role = origin")
        cursor.execute(create_index)
    if q.pg:
        with connection.cursor() as cursor:
            for model in (Ticket, MatterKey):
                table = model._meta.db_table
                cursor.execute(f'VACUUM ANALYZE "{table}"')
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT MAX(id) FROM "{table}"))'
                )
    return time.perf_counter() - started


def plan(fn, *args) -> tuple[int, str]:
    """The statements one call runs, and the plan of the last one (EXPLAIN ANALYZE on
    PostgreSQL, EXPLAIN QUERY PLAN on SQLite)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn(*args)
    sql = ctx.captured_queries[-1]["sql"] if ctx.captured_queries else ""
    if not sql:
        return 0, ""
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        lines = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
    return len(ctx.captured_queries), "\n".join(lines)


def main() -> None:
    args = parse_args()
    setup(args)
    from django.db import connection

    from jiesu.intelligence.models import MatterKey
    from jiesu.intelligence.suggest import Call, duplicates, repeat_caller
    from jiesu.organisation.models import Region
    from jiesu.tickets.models import Ticket

    rng = random.Random(12345)
    if args.existing:  # the database's own latest tickets are the calls
        latest = Ticket.objects.order_by("-id")
        now = latest.values_list("created_at", flat=True).first()
        pool = list(latest.values_list("subject", "content")[: args.queries * 10])
        seconds = 0.0
    else:
        pool = texts(args.texts, rng)
        seconds = generate(args, pool)
        now = START + timedelta(seconds=SPAN)
    tickets, keys = Ticket.objects.count(), MatterKey.objects.count()
    print(f"{tickets:,} tickets, {keys:,} MatterKey rows in {seconds:.0f} s", file=sys.stderr)
    regions = list(Region.objects.all())
    phones = list(
        Ticket.objects.filter(created_at__gte=now - timedelta(days=20))
        .values_list("caller_phone", flat=True)
        .distinct()[:5000]
    )
    samples: dict[str, tuple[list[float], list[float]]] = {
        "duplicates": ([], []),
        "repeat_caller": ([], []),
    }
    calls = []
    for _ in range(args.queries + 3):
        subject, content = rng.choice(pool)
        calls.append(
            Call(
                subject=subject,
                content=content,
                phone=rng.choice(phones),
                region=rng.choice(regions),
            )
        )
    found = {"duplicates": 0, "repeat_caller": 0}
    for i, call in enumerate(calls):
        for name, fn in (
            ("duplicates", duplicates),
            ("repeat_caller", lambda call, now: repeat_caller(call, now)[0]),  # listed ones
        ):
            t, c = time.perf_counter(), time.process_time()
            hits = fn(call, now)
            wall, cpu = 1000 * (time.perf_counter() - t), 1000 * (time.process_time() - c)
            if i >= 3:  # warm-up
                samples[name][0].append(wall)
                samples[name][1].append(cpu)
                found[name] += bool(hits)

    def p(values: list[float], q: float) -> float:
        values = sorted(values)
        return round(values[min(len(values) - 1, int(len(values) * q))], 2)

    result: dict = {
        "size": tickets,
        "matter_keys": keys,
        "database": connection.vendor,
        "generation_seconds": round(seconds, 1),
        "texts": len(pool),
    }
    for name, (wall, cpu) in samples.items():
        statements, explained = plan(
            duplicates if name == "duplicates" else repeat_caller, calls[0], now
        )
        result[name] = {
            "wall_ms_p50": round(statistics.median(wall), 2),
            "wall_ms_p95": p(wall, 0.95),
            "cpu_ms_p50": round(statistics.median(cpu), 2),
            "cpu_ms_p95": p(cpu, 0.95),
            "calls_with_hits": found[name],
            "statements": statements,
            "plan": explained,
        }
    result["load"] = os.getloadavg()
    for name in samples:
        r = result[name]
        print(
            f"{name:<14} wall p50 {r['wall_ms_p50']} / p95 {r['wall_ms_p95']} ms, "
            f"CPU p50 {r['cpu_ms_p50']} / p95 {r['cpu_ms_p95']} ms, {r['statements']} statements, "
            f"{r['calls_with_hits']} of {args.queries} calls found something\n{r['plan']}\n"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k not in samples}, ensure_ascii=False))


if __name__ == "__main__":
    main()
