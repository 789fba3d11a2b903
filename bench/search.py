"""The header search at scale (PostgreSQL): `tickets.search.search_tickets` by number, phone and
words over a generated history, as the operator (every ticket) and as a unit handler (the
tickets the unit holds).

    .venv/bin/python bench/search.py --database-url postgres://postgres@127.0.0.1:5432/jiesu_search_bench \
        --tickets 1000000

The database is dropped and made again (only when its name contains ``bench``), migrated, the
demo city loaded, then ``--tickets`` tickets inserted by one SQL statement (titles and contents
from a vocabulary of places and matters, phones from a pool of 300 k numbers, two years of
history) and a fifth of them assigned to city-housing. Each query runs ``--samples`` times after
a warm-up; the table gives the median and the 95th percentile in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from urllib.parse import urlparse

PLACES = [
    "花湖小区",
    "胜阳港",
    "黄石港",
    "八泉街道",
    "临江街道",
    "河口镇",
    "新下陆",
    "老下陆",
    "团城山",
    "铁山街道",
    "鹿獐山",
    "汪仁镇",
    "东岳路",
    "金湖街道",
    "还地桥镇",
    "兴国镇",
    "富池镇",
    "白沙镇",
    "磁湖路",
    "杭州东路",
    "颐阳路",
    "广会路",
    "湖滨大道",
    "天津路",
]
MATTERS = [
    "楼道灯不亮",
    "噪音扰民",
    "楼顶漏水",
    "小区停水",
    "物业乱收费",
    "违章停车",
    "垃圾清运不及时",
    "占道经营",
    "拖欠工资",
    "供暖不热",
    "燃气异味",
    "路面塌陷",
    "井盖缺失",
    "油烟扰民",
    "施工扰民",
    "学位申请",
    "医保报销",
    "社保转移",
    "公交线路调整",
    "电梯故障",
    "绿化带损毁",
    "下水道堵塞",
    "路灯不亮",
    "餐馆卫生",
]

GENERATE = """
INSERT INTO tickets_ticket (number, query_code, channel, caller_name, caller_phone,
    caller_id_number, anonymous, confidential, subject, content, appeal_type, urgent, enterprise,
    address, dispatch_class, track, status, key_request, supervised, unreached_callbacks, answer,
    created_at, region_id, overdue, awaiting_callback, proposed_class)
SELECT to_char(t.at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad((i %% 1000000)::text, 6, '0'),
    '000000', 'phone', '市民', '139' || lpad(((i::bigint * 2654435761) %% 300000)::text, 8, '0'),
    '', false, false,
    p.place || m.matter,
    '来电反映：' || p.place || '附近' || m.matter || '，已持续多日，希望有关部门尽快处理。' || m2.matter || '的问题也请一并关注。',
    'complaint', false, false, p.place, 'A', 'time_limited', 'closed', false, false, 0, '',
    t.at, %(region)s, false, false, ''
FROM generate_series(%(start)s, %(stop)s - 1) AS i
CROSS JOIN LATERAL (SELECT now() - (i * interval '63 seconds') AS at) t
CROSS JOIN LATERAL (SELECT (%(places)s::text[])[1 + (i::bigint * 7919) %% %(np)s] AS place) p
CROSS JOIN LATERAL (SELECT (%(matters)s::text[])[1 + ((i / %(np)s)::bigint * 104729) %% %(nm)s] AS matter) m
CROSS JOIN LATERAL (SELECT (%(matters)s::text[])[1 + ((i / 577)::bigint * 15485863) %% %(nm)s] AS matter) m2
"""

ASSIGN = """
INSERT INTO tickets_assignment (ticket_id, unit_id, role, status, dispatched_at,
    clock_started_at, sign_deadline, answer_deadline, extension_days, dispatched_from_id)
SELECT id, %(unit)s, 'main', 'answered', created_at, created_at, created_at + interval '1 day',
    created_at + interval '15 days', 0, %(platform)s
FROM tickets_ticket WHERE id %% 5 = 0
"""


def prepare(url: str) -> None:
    name = urlparse(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: the database name must contain 'bench'")
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def generate(total: int) -> float:
    from django.db import connection

    from jiesu.organisation.models import Region, Unit

    region = Region.objects.get(code="huangshi").pk
    from importlib import import_module

    trigram = import_module("jiesu.tickets.migrations.0010_search_trigram_indexes")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in trigram.DROP:  # built once after the rows, as a restore would
            cursor.execute(sql)
        step = 200_000
        for start in range(0, total, step):
            params = {
                "region": region,
                "start": start,
                "stop": min(start + step, total),
                "places": PLACES,
                "matters": MATTERS,
                "np": len(PLACES),
                "nm": len(MATTERS),
            }
            cursor.execute(GENERATE, params)
            print(f"  {min(start + step, total):>9} tickets", flush=True)
        housing = Unit.objects.get(code="city-housing").pk
        platform = Unit.objects.get(code="city-platform").pk
        cursor.execute(ASSIGN, {"unit": housing, "platform": platform})
        print("  building the trigram indexes …", flush=True)
        for sql in trigram.CREATE:
            cursor.execute(sql)
        cursor.execute("ANALYZE tickets_ticket")
        cursor.execute("ANALYZE tickets_assignment")
    return time.perf_counter() - started


def timed(fn, samples: int) -> tuple[float, float, int]:
    fn()
    times = []
    for _ in range(samples):
        t = time.perf_counter()
        n = fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep the database as it is")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("this benchmark is for PostgreSQL (the trigram indexes)")
    if not args.reuse:
        prepare(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("JIESU_DATA_DIR", tempfile.mkdtemp(prefix="jiesu-search-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from jiesu.core.demo import load_demo
    from jiesu.testing.builders import person
    from jiesu.tickets.models import Ticket
    from jiesu.tickets.search import search_tickets

    if not args.reuse:
        call_command("migrate", verbosity=0)
        load_demo()
        print(f"generating {args.tickets} tickets …", flush=True)
        print(f"generated in {generate(args.tickets):.0f} s", flush=True)
    some = Ticket.objects.order_by("-id").values_list("number", "caller_phone")[5000]
    queries = [
        ("whole number", some[0]),
        ("number, a day", some[0][:8]),
        ("phone", some[1]),
        ("word (3+ chars, common)", "楼道灯"),
        ("word (3+ chars, none)", "核辐射泄漏"),
        ("two words (4+2 chars)", "花湖小区 漏水"),
        ("word (2 chars, common)", "漏水"),
        ("word (2 chars, none)", "核辐"),
    ]
    print(f"\n{'who':<9} {'query':<26} {'median ms':>10} {'p95 ms':>8} {'rows':>5}")
    for who in ("operator", "handler"):
        actor = person(who)
        for label, q in queries:
            med, p95, n = timed(
                lambda q=q, actor=actor: len(search_tickets(actor, q)[1]), args.samples
            )
            print(f"{who:<9} {label:<26} {med:>10.1f} {p95:>8.1f} {n:>5}", flush=True)


if __name__ == "__main__":
    main()
