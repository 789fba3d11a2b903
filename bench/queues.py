#!/usr/bin/env python
"""The work queues at 1 M tickets (issue 7; DESIGN §10: a list page ≤ 100 ms, a desk page
≤ 200 ms), on a history grown by bench/intake_dispatch.py:

    python bench/intake_dispatch.py --sizes 1000000 --http-only --no-http \\
        --database-url postgres://postgres@127.0.0.1:5432/jiesu_queues_bench
    python bench/queues.py --database-url postgres://postgres@127.0.0.1:5432/jiesu_queues_bench

    python bench/intake_dispatch.py --sizes 1000000 --http-only --no-http \\
        --data-dir /tmp/jiesu-queues-bench --keep
    python bench/queues.py --data-dir /tmp/jiesu-queues-bench

It runs the migrations (the queue indexes), adds what the history generator does not make —
replies in review, pending extension and return requests (``--replies`` etc., once; a second
run finds them) — then times, as the demo people, the queries behind each endpoint and the desk
home page (Django's test client, session login, the whole response) and writes JSON to
bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import intake_dispatch as base  # noqa: E402  (the history, its database set-up and statistics)

RESULTS = Path(__file__).resolve().parent / "results"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--database-url", default="")
    p.add_argument("--data-dir", default="")
    p.add_argument("--samples", type=int, default=30)
    p.add_argument("--replies", type=int, default=20_000)
    p.add_argument("--extensions", type=int, default=3_000)
    p.add_argument("--returns", type=int, default=1_000)
    args = p.parse_args()
    if not (args.database_url or args.data_dir):
        raise SystemExit("name the grown history: --database-url or --data-dir")
    args.reuse = True
    return args


def add_requests(args) -> dict:
    """Replies in review (section head or platform level), pending extensions and returns on open
    assignments of the history, in bulk, once."""
    from django.db import transaction

    from jiesu.handling.models import ExtensionRequest, ReturnRequest
    from jiesu.organisation.models import Unit
    from jiesu.tickets.models import Assignment, Reply

    if Reply.objects.exists():
        return {"added": False}
    rng = random.Random(7)
    handling_ids = list(
        Assignment.objects.filter(status="handling").values_list("pk", "unit_id", "dispatched_at")
    )
    rng.shuffle(handling_ids)
    need = args.replies + args.extensions + args.returns
    picked = handling_ids[:need]
    water = Unit.objects.get(code="hs-water")
    platform = Unit.objects.get(code="city-platform")  # the history's dispatching platform
    started = time.perf_counter()
    with transaction.atomic():
        replies = picked[: args.replies]
        Reply.objects.bulk_create(
            [
                Reply(
                    assignment_id=pk,
                    content="已处理。",
                    created_at=at,
                    levels=["section_head", "platform"],
                    level_index=(index := rng.randint(0, 1)),
                    awaiting_level=["section_head", "platform"][index],
                    awaiting_unit_id=unit if index == 0 else platform.pk,
                )
                for pk, unit, at in replies
            ],
            batch_size=5000,
        )
        Assignment.objects.filter(pk__in=[pk for pk, _u, _a in replies]).update(
            status="reply_review"
        )
        extensions = picked[args.replies : args.replies + args.extensions]
        ExtensionRequest.objects.bulk_create(
            [
                ExtensionRequest(
                    assignment_id=pk, working_days=3, reason="需现场勘查。", requested_at=at
                )
                for pk, _unit, at in extensions
            ],
            batch_size=5000,
        )
        returns = picked[args.replies + args.extensions :]
        ReturnRequest.objects.bulk_create(
            [
                ReturnRequest(
                    assignment_id=pk,
                    unit_id=unit,
                    findings="不属本单位职责。",
                    policy_basis="三定方案",
                    suggested_unit=water,
                    requested_at=at,
                    status=rng.choice(["leader_review", "pending", "disputed"]),
                )
                for pk, unit, at in returns
            ],
            batch_size=5000,
        )
        Assignment.objects.filter(pk__in=[pk for pk, _u, _a in returns]).update(
            status="return_review"
        )
    return {
        "added": True,
        "replies": len(replies),
        "extensions": len(extensions),
        "returns": len(returns),
        "seconds": round(time.perf_counter() - started, 1),
    }


def explain_ms(connection, statements: list[str]) -> float | None:
    """The database's own execution time of an operation's reads (PostgreSQL ``EXPLAIN
    ANALYZE``, summed), next to the wall time; None on SQLite."""
    if connection.vendor != "postgresql":
        return None
    total = 0.0
    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT") or "django_session" in sql:
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            total += cursor.fetchone()[0][0]["Execution Time"]
    return round(total, 2)


def measure(args) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.utils import timezone

    from jiesu.handling import queries as handling
    from jiesu.queues import queries as queues
    from jiesu.testing.builders import person
    from jiesu.tickets import queries as tickets
    from jiesu.tickets import queues as work

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = True  # to count queries; the timings below include that small cost
    now = timezone.now()
    people = {u: person(u) for u in ["dispatcher", "county", "handler", "reviewer", "leader"]}
    people["supervisor"] = person("supervisor")
    page = settings.JIESU_API_PAGE_SIZE

    def a(name, **kw):
        return lambda: work.assignment_page(people[name], now, page_size=page, **kw)

    operations = {
        "GET /assignments (city dispatcher, all open)": a("dispatcher"),
        "GET /assignments?status=handling (city)": a("dispatcher", status="handling"),
        "GET /assignments?status=answered (city)": a("dispatcher", status="answered"),
        "GET /assignments?due=answer_overdue (city)": a("dispatcher", due="answer_overdue"),
        "GET /assignments?due=sign_overdue (city)": a("dispatcher", due="sign_overdue"),
        "GET /assignments?due=due_soon (city)": a("dispatcher", due="due_soon"),
        "GET /assignments?unit=hs-gas (city)": a("dispatcher", unit="hs-gas"),
        "GET /assignments (county platform)": a("county"),
        "GET /assignments (city-housing handler)": a("handler"),
        "GET /assignments?status=answered (city-housing)": a("handler", status="answered"),
        "GET /assignments?due=answer_overdue (city-housing)": a("handler", due="answer_overdue"),
        "GET /replies?awaiting=me (city dispatcher)": lambda: work.reply_page(
            people["dispatcher"], page_size=page
        ),
        "GET /replies?awaiting=me (city-housing reviewer)": lambda: work.reply_page(
            people["reviewer"], page_size=page
        ),
        "GET /extensions?status=pending (city)": lambda: handling.extension_page(
            people["dispatcher"], status="pending", page=1, page_size=page
        ),
        "GET /extensions?status=pending (county)": lambda: handling.extension_page(
            people["county"], status="pending", page=1, page_size=page
        ),
        "GET /returns?status=pending (city)": lambda: handling.return_page(
            people["dispatcher"], status="pending", page=1, page_size=page
        ),
        "GET /callbacks/due (city)": lambda: tickets.ticket_page(
            people["dispatcher"], awaiting_callback=True, page=1, page_size=page
        ),
        "GET /callbacks/due (county)": lambda: tickets.ticket_page(
            people["county"], awaiting_callback=True, page=1, page_size=page
        ),
    }
    for name in ["dispatcher", "county", "handler", "reviewer", "leader", "supervisor"]:
        operations[f"GET /me/queues ({name})"] = lambda n=name: queues.counts(
            people[n], timezone.now()
        )
    clients = {}
    for name in ["operator", "dispatcher", "county", "handler", "reviewer", "leader", "supervisor"]:
        client = Client()
        client.force_login(get_user_model().objects.get(username=name))
        clients[name] = client
        operations[f"desk /desk/ home ({name})"] = lambda c=client: c.get("/desk/")
    operations["desk /desk/tickets/?overdue=1&page=2 (city)"] = lambda: clients["dispatcher"].get(
        "/desk/tickets/?overdue=1&page=2"
    )

    results = {}
    for label, fn in operations.items():
        fn()  # warm
        reset_queries()
        fn()
        queries = len(connection.queries)
        database_ms = explain_ms(connection, [q["sql"] for q in connection.queries])
        timings = []
        cpu = []
        for _ in range(args.samples):
            started = time.perf_counter()
            cpu_started = time.process_time()
            out = fn()
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            if hasattr(out, "status_code"):
                assert out.status_code == 200, (label, out.status_code)
        s = base.summarise(timings)
        s["median"] = round(statistics.median(timings), 2)
        s["queries"] = queries
        s["cpu_p50"] = round(statistics.median(cpu), 2)
        s["database_ms"] = database_ms
        s["load1"] = os.getloadavg()[0]
        results[label] = s
        print(
            f"{label:58} p50 {s['p50']:7.1f}  p95 {s['p95']:7.1f}  cpu {s['cpu_p50']:6.1f}"
            f"  db {database_ms if database_ms is not None else '-'}  {queries} q"
            f"  load {s['load1']:.1f}",
            flush=True,
        )
    return results


def main() -> int:
    args = parse_args()
    data_dir = base.setup_django(args)
    from django.db import connection

    from jiesu.tickets.models import Ticket

    added = add_requests(args)
    report = {
        "script": "bench/queues.py",
        "database": connection.vendor,
        "tickets": Ticket.objects.count(),
        "added": added,
        "loadavg_before": os.getloadavg(),
        "environment": base.environment(),
    }
    print(f"{connection.vendor}: {report['tickets']:,} tickets; {added}", flush=True)
    report["results"] = measure(args)
    report["loadavg_after"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"queues-{connection.vendor}-{stamp}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    print(f"results: {out} (data: {args.database_url or data_dir})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
