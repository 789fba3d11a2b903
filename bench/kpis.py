"""Benchmark: a month of the four assessment rates for all units over 1 M tickets (DESIGN §10:
KPI page for one month, all units, 1 M tickets: ≤ 1 s).

    .venv/bin/python bench/kpis.py                      # SQLite in a temporary directory
    .venv/bin/python bench/kpis.py --database-url postgres://postgres@127.0.0.1:5432/jiesu_kpi_bench
    .venv/bin/python bench/kpis.py --reuse /tmp/jiesu-kpi-bench-XXXX --explain   # time again, plans
    .venv/bin/python bench/kpis.py --database-url postgres://…/jiesu_kpi_bench --reuse - --explain

It migrates a fresh database (PostgreSQL: dropped and re-created, only if its name contains
``bench``), loads the demo city, and bulk-inserts a generated history over two years: tickets,
one main assignment each (a few returned and re-dispatched), events (intake, dispatch, close;
some closes uncalled), callbacks and call records. Then it times ``assessment.rates.compute``
for one month as of ten days after it (what ``GET /api/v1/kpis`` and the desk page run) and the
first page of a drill-down list, and prints the median and worst of the runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
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
    p.add_argument(
        "--reuse",
        default="",
        metavar="DIR",
        help="time an earlier run's database again (no migrate, no generation): SQLite's data"
        " directory DIR, or any value with --database-url",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="print the plan of every query rates.compute runs (PostgreSQL: EXPLAIN ANALYZE)",
    )
    return p.parse_args()


def setup(args: argparse.Namespace) -> None:
    if args.database_url and args.reuse:
        os.environ["DATABASE_URL"] = args.database_url
    elif args.database_url:
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
        os.environ["JIESU_DATA_DIR"] = args.reuse or tempfile.mkdtemp(prefix="jiesu-kpi-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from jiesu.core.demo import load_demo

    if args.reuse:
        return
    print("data directory:", os.environ.get("JIESU_DATA_DIR", args.database_url))
    call_command("migrate", verbosity=0)
    load_demo()


# --- the history, generated inside the database (INSERT … SELECT over a series) -------------
#
# h(k) is a cheap pseudo-random integer of the row number n and a salt k, the same on both
# databases; times are seconds after START (UTC). Rows go in by the million in seconds, where a
# Python generator would take most of an hour on the shared 2-core machine.

START = datetime(2024, 1, 1, tzinfo=UTC)
SPAN = 2 * 365 * 86400


class Sql:
    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.pg = connection.vendor == "postgresql"

    def series(self, count: int) -> str:
        if self.pg:
            return f"(SELECT generate_series(1::bigint, {count}) AS n) AS s"
        return (
            f"(WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < {count})"
            " SELECT n FROM r) AS s"
        )

    @staticmethod
    def h(k: int, expr: str = "n") -> str:
        return f"((({expr}) * 1103515245 + {k * 7919 + 12345}) % 2147483647)"

    def at(self, seconds: str) -> str:
        if self.pg:
            return f"(TIMESTAMPTZ '2024-01-01 00:00:00+00' + ({seconds}) * INTERVAL '1 second')"
        return f"datetime('2024-01-01 00:00:00', '+' || ({seconds}) || ' seconds')"

    def literal(self, value) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, dict):
            return "'{}'::jsonb" if self.pg else "'{}'"
        return "'" + str(value).replace("'", "''") + "'"

    def insert(self, model, count: int, columns: dict[str, str], where: str = "") -> None:
        """INSERT INTO model SELECT … for n in 1..count (where ``where`` holds); columns not
        given take the field's default."""
        names, values = [], []
        for f in model._meta.concrete_fields:
            names.append(f'"{f.column}"')
            values.append(columns.get(f.column) or self.literal(f.get_default()))
        sql = (
            f'INSERT INTO "{model._meta.db_table}" ({", ".join(names)}) '
            f"SELECT {', '.join(values)} FROM {self.series(count)}"
            + (f" WHERE {where}" if where else "")
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql)


def generate(args: argparse.Namespace) -> dict:
    from django.db import transaction

    from jiesu.assessment.models import Call
    from jiesu.assessment.rates import assessed_units
    from jiesu.organisation.models import Region
    from jiesu.tickets.models import Assignment, Callback, Event, Ticket

    q = Sql()
    n_tickets, n_calls = args.tickets, args.calls
    units = [u.pk for u in assessed_units() if u.kind != "platform"]
    platforms = [u.pk for u in assessed_units() if u.kind == "platform"]
    region = Region.objects.order_by("pk").first()
    assert region is not None

    def pick(ids: list[int], k: int, expr: str = "n") -> str:
        """One of ``ids`` by a hash: CASE over the index (no tables to join)."""
        whens = " ".join(f"WHEN {i} THEN {pk}" for i, pk in enumerate(ids))
        return f"(CASE ({q.h(k, expr)} % {len(ids)}) {whens} END)"

    created = f"({q.h(1)} % {SPAN})"  # seconds after START
    dispatched = f"({created} + 300 + {q.h(2)} % 14400)"
    signed = f"({dispatched} + {q.h(3)} % 100000)"  # up to ~28 h: some late
    answered = f"({dispatched} + {q.h(4)} % 750000)"  # up to ~8.7 days: some late
    answer_days = f"(CASE WHEN {q.h(5)} % 10 = 0 THEN 12 ELSE 7 END)"
    end = int((END.astimezone(UTC) - START).total_seconds())
    closed = f"({created} < {end - 20 * 86400})"
    t0 = time.perf_counter()
    with transaction.atomic():
        q.insert(
            Ticket,
            n_tickets,
            {
                "id": "n",
                "number": "'B' || n",
                "query_code": "'12345678'",
                "channel": "'phone'",
                "caller_phone": "'13900000000'",
                "subject": "'楼道灯不亮'",
                "content": "'小区楼道灯坏了'",
                "appeal_type": "'complaint'",
                "region_id": str(region.pk),
                "status": f"(CASE WHEN {closed} THEN 'closed' ELSE 'dispatched' END)",
                "created_at": q.at(created),
                "closed_at": f"(CASE WHEN {closed} THEN {q.at(created + ' + 691200')} END)",
            },
        )
        # one main assignment per ticket; 3 % returned (then a second one, below)
        returned = f"({q.h(6)} % 100 < 3)"
        q.insert(
            Assignment,
            n_tickets,
            {
                "id": "n",
                "ticket_id": "n",
                "unit_id": pick(units, 7),
                "role": "'main'",
                "status": (
                    f"(CASE WHEN {returned} THEN 'returned' WHEN {answered} < {end} "
                    "THEN 'answered' ELSE 'handling' END)"
                ),
                "dispatched_at": q.at(dispatched),
                "clock_started_at": q.at(dispatched),
                "sign_deadline": q.at(f"{dispatched} + 86400"),
                "answer_deadline": q.at(f"{dispatched} + {answer_days} * 86400"),
                "signed_at": f"(CASE WHEN {signed} < {end} THEN {q.at(signed)} END)",
                "answered_at": (
                    f"(CASE WHEN NOT {returned} AND {answered} < {end} THEN {q.at(answered)} END)"
                ),
            },
        )
        q.insert(
            Assignment,
            n_tickets,
            {
                "id": f"{n_tickets} + n",
                "ticket_id": "n",
                "unit_id": pick(units, 8),
                "role": "'main'",
                "status": "'answered'",
                "dispatched_at": q.at(f"{dispatched} + 86400"),
                "clock_started_at": q.at(f"{dispatched} + 86400"),
                "sign_deadline": q.at(f"{dispatched} + 172800"),
                "answer_deadline": q.at(f"{dispatched} + 691200"),
                "signed_at": q.at(f"{signed} + 86400"),
                "answered_at": q.at(f"{answered} + 86400"),
            },
            where=returned,
        )
        # events: intake and dispatch for every ticket, a close for the closed ones (2 % uncalled)
        for k, (kind, seconds) in enumerate([("intake", created), ("dispatched", dispatched)]):
            q.insert(
                Event,
                n_tickets,
                {
                    "id": f"{k * n_tickets} + n",
                    "ticket_id": "n",
                    "assignment_id": "n" if kind == "dispatched" else "NULL",
                    "kind": f"'{kind}'",
                    "at": q.at(seconds),
                },
            )
        uncalled = f"({q.h(9)} % 50 = 0)"
        called_back_false = "'{\"called_back\": false}'" + ("::jsonb" if q.pg else "")
        q.insert(
            Event,
            n_tickets,
            {
                "id": f"{2 * n_tickets} + n",
                "ticket_id": "n",
                "kind": "'closed'",
                "at": q.at(f"{created} + 691200"),
                "data": f"(CASE WHEN {uncalled} THEN {called_back_false} ELSE {q.literal({})} END)",
            },
            where=closed,
        )
        # callbacks: 70 % of tickets, 7 days after intake, for the main unit
        result = (
            f"(CASE WHEN {q.h(10)} % 100 < 70 THEN 'satisfied' WHEN {q.h(10)} % 100 < 85 "
            f"THEN 'basically_satisfied' WHEN {q.h(10)} % 100 < 93 THEN 'unsatisfied' "
            "ELSE 'unreached' END)"
        )
        q.insert(
            Callback,
            n_tickets,
            {
                "id": "n",
                "ticket_id": "n",
                "main_unit_id": pick(units, 7),
                "result": result,
                "at": q.at(f"{created} + 604800 + {q.h(11)} % 86400"),
            },
            where=f"{closed} AND NOT {uncalled} AND {q.h(16)} % 10 < 7",
        )
        wait = f"({q.h(12)} % 40)"
        q.insert(
            Call,
            n_calls,
            {
                "id": "n",
                "call_id": "'C' || n",
                "platform_id": pick(platforms, 13),
                "offered_at": q.at(f"({q.h(14)} % {SPAN})"),
                "answered_at": (
                    f"(CASE WHEN {q.h(15)} % 100 < 96 THEN {q.at(f'({q.h(14)} % {SPAN}) + {wait}')} END)"
                ),
                "wait_seconds": wait,
            },
        )
    print(f"inserted in {time.perf_counter() - t0:.0f} s")
    if q.pg:
        with q.connection.cursor() as cursor:
            for model in (Ticket, Assignment, Event, Callback, Call):
                table = model._meta.db_table
                cursor.execute(f'VACUUM ANALYZE "{table}"')
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT MAX(id) FROM "{table}"))'
                )
    return {
        "tickets": Ticket.objects.count(),
        "assignments": Assignment.objects.count(),
        "events": Event.objects.count(),
        "callbacks": Callback.objects.count(),
        "calls": Call.objects.count(),
    }


def timed(label: str, fn, runs: int) -> dict:
    """Wall time, and the CPU time of this process (all of it on SQLite, where the database
    runs in the process; the client side only on PostgreSQL) — the machine is shared, so the
    wall time includes waiting for a core."""
    fn()  # warm-up
    samples, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        samples.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    result = {"median_s": statistics.median(samples), "max_s": max(samples)}
    result["cpu_median_s"] = statistics.median(cpu)
    print(
        f"{label:<40} median {result['median_s']:.3f} s   max {result['max_s']:.3f} s"
        f"   process CPU median {result['cpu_median_s']:.3f} s"
    )
    return result


def explain(period) -> None:
    """The plan of each query ``rates.compute`` runs, with the server's own timing on
    PostgreSQL (EXPLAIN ANALYZE): the client's wall time on a loaded machine says little."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jiesu.assessment import rates

    with CaptureQueriesContext(connection) as captured:
        rates.compute(period)
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    for query in captured.captured_queries:
        sql = query["sql"]
        if "COUNT(" not in sql:  # the unit and region lists
            continue
        print("--", sql[:160], "…")
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            for row in cursor.fetchall():
                print("   ", " ".join(str(c) for c in row))


def main() -> None:
    args = parse_args()
    setup(args)
    from django.db import connection

    from jiesu.assessment import queries, rates
    from jiesu.assessment.rates import Period
    from jiesu.organisation.actor import SYSTEM

    print("load average before (1, 5, 15 min):", os.getloadavg())
    if not args.reuse:
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
    if args.explain:
        explain(period)


if __name__ == "__main__":
    main()
