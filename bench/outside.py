"""Benchmark: the outside world over a 1 M-ticket history (issue 11; DESIGN §10: ≤ 100 ms per
API call). Times, through the whole Django stack (middleware, authentication, rate limit, the
audit row), in this process:

- Open311 ``GET requests`` with an ``api_key`` (the key's own requests): the default window (last
  90 days, the server's first page of 50), ``page_size=50``, and with ``service_code``,
  ``status`` and ``start_date``/``end_date`` filters;
- Open311 ``GET requests/{id}``;
- the inbound idempotency lookup: ``POST /api/v1/inbound/tickets`` with an id already received
  (answers 200 with the first ticket) and ``GET /api/v1/inbound/tickets/{source}/{id}``;
- the portal: follow by number + query code (``POST /portal/follow/``) and the ticket page.

    .venv/bin/python bench/outside.py --database-url postgres://postgres@127.0.0.1:5432/NAME_bench

The database must already hold a history (e.g. made by ``bench/kpis.py --database-url …``, or a
copy of another 1 M bench database: ``createdb -T``) and be migrated; its name must contain
``bench``. The script adds, inside the database (INSERT … SELECT / UPDATE), what the outside
world leaves: an integration key owning the tickets of the ``open311`` and ``app`` channels with
their ``Open311Request`` rows, and ``InboundTicket`` rows for the ``police110`` and ``sms``
channels. It prints, per call, p50/p95 wall time, the process CPU time per call, the database's
own execution time of the call's statements (EXPLAIN ANALYZE, summed) and the plan of its
slowest statement, and the 1-minute load average.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--database-url", required=True)
    p.add_argument("--runs", type=int, default=40)
    p.add_argument("--json", default="", help="also write the results to this file")
    p.add_argument(
        "--fresh",
        action="store_true",
        help="write the outside-world rows again (default: reuse an earlier run's, new key value)",
    )
    return p.parse_args()


def setup(args: argparse.Namespace) -> None:
    name = urlsplit(args.database_url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to write into {name!r}: use a database whose name has 'bench'")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
    os.environ.setdefault("JIESU_PORTAL_LOOKUP_FAILURES", "1000000")
    os.environ.setdefault("JIESU_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def outside_world(fresh: bool) -> str:
    """The integration key (raw value) and the rows the outside world leaves, written once; a
    later run gives the earlier key a new value and keeps the rows."""
    import secrets

    from django.db import connection, transaction

    from jiesu.integrations.actions import create_key
    from jiesu.integrations.models import IntegrationKey
    from jiesu.organisation.models import hash_token

    earlier = IntegrationKey.objects.filter(name__startswith="bench-", revoked=False).last()
    if earlier is not None and not fresh:
        raw = "jk_" + secrets.token_urlsafe(32)
        IntegrationKey.objects.filter(pk=earlier.pk).update(
            key_hash=hash_token(raw), prefix=raw[:8]
        )
        return raw

    name = f"bench-{int(time.time())}"
    with transaction.atomic():
        key, raw = create_key(
            name, scopes=["submit", "read_own"], source="police110", per_minute=100_000
        )
        with connection.cursor() as c:
            c.execute(
                "UPDATE tickets_ticket SET created_by_id = %s, channel = 'open311' "
                "WHERE channel IN ('open311', 'app') OR created_by_id IN "
                "(SELECT user_id FROM integrations_integrationkey WHERE name LIKE 'bench-%%')",
                [key.user_id],
            )
            c.execute("DELETE FROM integrations_open311request")
            c.execute(
                "INSERT INTO integrations_open311request (ticket_id, token, key_id, media_url,"
                " email, device_id, account_id, address_id, attributes, media, media_type)"
                " SELECT id, md5(id::text), %s, '', '', '', '', '', '{}'::jsonb, '', ''"
                " FROM tickets_ticket WHERE channel = 'open311'",
                [key.pk],
            )
            c.execute("DELETE FROM integrations_inboundticket")
            c.execute(
                "INSERT INTO integrations_inboundticket (source, external_id, ticket_id, key_id, at)"
                " SELECT 'police110', '110-' || id, id, %s, created_at"
                " FROM tickets_ticket WHERE channel IN ('police110', 'sms')",
                [key.pk],
            )
            c.execute(  # what a key received is its own to read back
                "UPDATE tickets_ticket SET created_by_id = %s"
                " WHERE id IN (SELECT ticket_id FROM integrations_inboundticket)",
                [key.user_id],
            )
        IntegrationKey.objects.filter(name__startswith="bench-").exclude(pk=key.pk).update(
            revoked=True
        )
    with connection.cursor() as c:
        c.execute("ANALYZE tickets_ticket")
        c.execute("ANALYZE integrations_open311request")
        c.execute("ANALYZE integrations_inboundticket")
    return raw


def few_key() -> str:
    """A second key that owns only the 200 newest ``email`` tickets: a city app with few
    requests, whose list must not walk the whole 90-day window of the history."""
    import secrets

    from django.db import connection

    from jiesu.integrations.actions import create_key
    from jiesu.integrations.models import IntegrationKey
    from jiesu.organisation.models import hash_token

    key = IntegrationKey.objects.filter(name="few-bench").first()
    if key is None:
        key, _raw = create_key("few-bench", scopes=["read_own"], per_minute=100_000)
        with connection.cursor() as c:
            c.execute(
                "UPDATE tickets_ticket SET created_by_id = %s WHERE id IN (SELECT id FROM"
                " tickets_ticket WHERE channel = 'email' ORDER BY id DESC LIMIT 200)",
                [key.user_id],
            )
    raw = "jk_" + secrets.token_urlsafe(32)
    IntegrationKey.objects.filter(pk=key.pk).update(key_hash=hash_token(raw), prefix=raw[:8])
    return raw


def explain(queries: list[dict]) -> tuple[float, str]:
    """The database's own execution time of the call's SELECTs (EXPLAIN ANALYZE, summed, ms) and
    the plan of the slowest one."""
    from django.db import connection

    total, worst, worst_plan = 0.0, -1.0, ""
    with connection.cursor() as c:
        for q in queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            c.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            plan = c.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            ms = plan["Execution Time"] + plan.get("Planning Time", 0)
            total += ms
            if ms > worst:
                worst = ms
                c.execute("EXPLAIN ANALYZE " + sql)
                worst_plan = "\n".join(r[0] for r in c.fetchall()[:8])
    return total, worst_plan


def timed(label: str, call, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm
    walls, cpus = [], []
    for _ in range(runs):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        call()
        walls.append((time.perf_counter() - wall0) * 1000)
        cpus.append((time.process_time() - cpu0) * 1000)
    with CaptureQueriesContext(connection) as captured:
        call()
    db_ms, plan = explain(captured.captured_queries)
    walls.sort()
    row = {
        "call": label,
        "p50_ms": round(statistics.median(walls), 1),
        "p95_ms": round(walls[max(0, int(len(walls) * 0.95) - 1)], 1),
        "cpu_ms": round(statistics.median(cpus), 1),
        "db_ms": round(db_ms, 1),
        "queries": len(captured.captured_queries),
        "plan": plan,
    }
    print(
        f"{label:58} p50 {row['p50_ms']:7.1f}  p95 {row['p95_ms']:7.1f}  cpu {row['cpu_ms']:6.1f}"
        f"  db {row['db_ms']:6.1f} ms  {row['queries']} queries",
        flush=True,
    )
    return row


def main() -> None:
    args = parse_args()
    setup(args)
    from django.db import connection
    from django.test import Client

    from jiesu.tickets.models import Ticket

    print("load average before:", os.getloadavg(), flush=True)
    started = time.perf_counter()
    raw = outside_world(args.fresh)
    print(f"outside-world rows written in {time.perf_counter() - started:.1f} s", flush=True)
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM tickets_ticket")
        total = c.fetchone()[0]
        c.execute("SELECT count(*) FROM integrations_open311request")
        own = c.fetchone()[0]
        c.execute("SELECT count(*) FROM integrations_inboundticket")
        inbound = c.fetchone()[0]
    print(f"tickets {total}, the key's own (Open311) {own}, inbound ids {inbound}", flush=True)

    rng = random.Random(11)
    mine = list(
        Ticket.objects.filter(channel="open311")
        .order_by("-id")
        .values_list("number", flat=True)[:2000]
    )
    some = list(Ticket.objects.order_by("?").values_list("number", "query_code")[:400])
    external = list(
        Ticket.objects.filter(channel__in=("police110", "sms"))
        .order_by("?")
        .values_list("inbound__external_id", flat=True)[:200]
    )
    service = (
        Ticket.objects.filter(channel="open311", category__isnull=False)
        .values_list("category__code", flat=True)
        .first()
    )
    api = Client()
    base = "/open311/v2/requests.json"
    results = []

    def get(path, **params):
        def call():
            response = api.get(path, {"api_key": raw, **params})
            assert response.status_code == 200, (path, response.status_code, response.content[:300])

        return call

    results.append(
        timed("Open311 GET requests (default: 90 days, first page of 50)", get(base), args.runs)
    )
    few = few_key()

    def get_few():
        response = api.get(base, {"api_key": few})
        assert response.status_code == 200, response.content[:300]

    results.append(timed("Open311 GET requests, a key owning 200 tickets", get_few, args.runs))
    results.append(timed("Open311 GET requests page_size=50", get(base, page_size="50"), args.runs))
    results.append(
        timed(
            f"Open311 GET requests service_code={service}&status=open",
            get(base, service_code=service, status="open", page_size="50"),
            args.runs,
        )
    )
    results.append(
        timed(
            "Open311 GET requests start_date/end_date (one month, 2026-10)",
            get(
                base,
                start_date="2026-10-01T00:00:00+08:00",
                end_date="2026-10-31T23:59:59+08:00",
                page_size="50",
            ),
            args.runs,
        )
    )

    def one_request():
        number = rng.choice(mine)
        response = api.get(f"/open311/v2/requests/{number}.json", {"api_key": raw})
        assert response.status_code == 200, response.content[:300]

    results.append(timed("Open311 GET requests/{id}", one_request, args.runs))

    body = {
        "channel": "police110",
        "subject": "老人走失求助",
        "content": "110接警：一位老人在花湖公园走失，家属请求协助寻找。",
        "appeal_type": "help",
        "caller": {"name": "110指挥中心", "phone": "110"},
        "region": "huangshi",
        "address": "黄石港区花湖公园",
    }

    def inbound_again():
        payload = {**body, "external_id": rng.choice(external)}
        response = api.post(
            "/api/v1/inbound/tickets",
            json.dumps(payload, ensure_ascii=False),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert response.status_code == 200 and not response.json()["created"], response.content

    results.append(
        timed("inbound POST, id already received (idempotent)", inbound_again, args.runs)
    )

    def inbound_status():
        response = api.get(
            f"/api/v1/inbound/tickets/police110/{rng.choice(external)}",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert response.status_code == 200, response.content[:300]

    results.append(timed("inbound GET by source + external id", inbound_status, args.runs))

    citizen = Client()

    def follow():
        number, code = rng.choice(some)
        response = citizen.post("/portal/follow/", {"number": number, "code": code})
        assert response.status_code == 302, response.content[:300]

    results.append(timed("portal follow by number + query code", follow, args.runs))

    def page():
        number, code = rng.choice(some)
        citizen.post("/portal/follow/", {"number": number, "code": code})
        response = citizen.get(f"/portal/t/{number}/")
        assert response.status_code == 200

    results.append(timed("portal follow + the ticket's page", page, args.runs))
    print("load average after:", os.getloadavg())
    for row in results:
        print(f"\n--- {row['call']}: slowest statement\n{row['plan']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
