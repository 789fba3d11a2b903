#!/usr/bin/env python
"""Intake and dispatch latency at growing history sizes (DESIGN §10 budgets).

    python bench/intake_dispatch.py --sizes 10000,100000,1000000 --samples 200
    python bench/intake_dispatch.py --sizes 10000,100000,1000000 --samples 200 \\
        --database-url postgres://postgres@127.0.0.1:5432/jiesu_bench

The script sets up its own database: a SQLite file in a temporary directory, or the PostgreSQL
database named by --database-url (created if missing; dropped and re-created first unless
--reuse, and only when its name contains "bench"). It runs the migrations, loads the demo city,
then grows a realistic ticket history to each size with bulk inserts (COPY on PostgreSQL,
executemany on SQLite) — never regenerating, always growing — and at each size times the real
code as the demo operator:

- intake        `actions.intake_ticket` (suggestions as currently implemented in intake)
- dispatch      `actions.dispatch_ticket` of the tickets just taken in, to the catalogue route
- detail        `queries.get_ticket_for_user` + its assignments + `serializers.ticket_dict`
                (what GET /api/v1/tickets/{number} does)
- list ...      `queries.ticket_page(actor, status=..., page=1)` and a few other filters
- http intake   gunicorn (4 workers) + 8 client threads posting /api/v1/tickets for ~10 s

It prints a table and writes JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import math
import multiprocessing
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
RESULTS_DIR = Path(__file__).resolve().parent / "results"

# DESIGN §10, as (operation, size at which the budget applies, limit, statistic)
BUDGETS = {
    "intake": ("intake p95 ≤ 150 ms with 1 M tickets (with all suggestions)", 150.0, "p95"),
    "list": ("a list page or filtered API page ≤ 100 ms with 1 M tickets", 100.0, "p95"),
    "detail": ("web UI main pages: server time ≤ 200 ms", 200.0, "p95"),
}


def budget_for(name: str):
    if name.startswith("desk"):
        return BUDGETS["detail"]
    return BUDGETS.get(name) or (BUDGETS["list"] if name.startswith("list") else None)


HTTP_BUDGET = 250.0  # tickets/s, PostgreSQL, suggestions off
#: the HTTP cases: (path, expected status); "suggest" is the desk's call while the operator types
HTTP_CASES = {
    "plain": ("/api/v1/tickets", 201),
    "suggestions": ("/api/v1/tickets?suggestions=true", 201),
    "suggest": ("/api/v1/suggest", 200),
}


# --------------------------------------------------------------------------------------------
# set-up
# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--sizes", default="10000,100000", help="history sizes, comma separated (grown in order)"
    )
    p.add_argument("--samples", type=int, default=200, help="timed calls per operation and size")
    p.add_argument(
        "--database-url", default="", help="PostgreSQL URL; default: SQLite in a temp dir"
    )
    p.add_argument(
        "--data-dir", default="", help="JIESU_DATA_DIR (default: a new temporary directory)"
    )
    p.add_argument(
        "--reuse", action="store_true", help="keep what is already in the database and grow from it"
    )
    p.add_argument(
        "--keep",
        action="store_true",
        help="do not delete the temporary SQLite directory at the end",
    )
    p.add_argument("--batch", type=int, default=10_000, help="tickets per bulk-insert batch")
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--gen-workers", type=int, default=2, help="processes generating history rows")
    p.add_argument(
        "--max-op-seconds",
        type=float,
        default=60.0,
        help="stop sampling one operation after this long",
    )
    p.add_argument(
        "--call-timeout",
        type=float,
        default=20.0,
        help="abort a read (list/detail) after this many seconds",
    )
    p.add_argument("--http-only", action="store_true", help="skip the latency measurements")
    p.add_argument("--no-http", action="store_true", help="skip the HTTP throughput measurement")
    p.add_argument("--http-seconds", type=float, default=10.0)
    p.add_argument("--http-clients", type=int, default=8)
    p.add_argument(
        "--pin",
        action="store_true",
        help="server (web workers, database backends) on core 0, the client threads on the rest",
    )
    p.add_argument("--http-workers", type=int, default=4)
    p.add_argument(
        "--http-suggestions",
        action="store_true",
        help="same as --http-cases plain,suggestions",
    )
    p.add_argument(
        "--http-cases",
        default="plain",
        help="comma separated, run against one server: plain (POST /api/v1/tickets), "
        "suggestions (…?suggestions=true: every suggestion computed), suggest (POST "
        "/api/v1/suggest alone)",
    )
    p.add_argument("--http-port", type=int, default=0, help="default: any free port")
    p.add_argument(
        "--serve",
        action="store_true",
        help="start the server as `jiesu serve` does (its access log included), not bare gunicorn",
    )
    p.add_argument(
        "--train-from",
        default="",
        help="a labelled CSV (text,label columns): train and activate a model before the HTTP "
        "cases (skipped when the file is absent)",
    )
    p.add_argument("--train-text-col", default="text")
    p.add_argument("--train-label-col", default="label")
    p.add_argument(
        "--model-file",
        default="",
        help="activate this stored model bundle instead of training (a file written by "
        "jiesu ml train / --train-from)",
    )
    p.add_argument(
        "--index-matters",
        action="store_true",
        help="write the generated history's MatterKey rows (what intake and the history import "
        "write), so that the duplicate lookup works on the whole history",
    )
    p.add_argument("--report", default="", help="only print the table of an earlier JSON result")
    p.add_argument("--markdown", action="store_true", help="with --report: a Markdown table")
    p.add_argument(
        "--no-vacuum", action="store_true", help="PostgreSQL: skip VACUUM ANALYZE after growing"
    )
    p.add_argument(
        "--sqlite-analyze",
        action="store_true",
        help="SQLite: run ANALYZE after growing (the product does not)",
    )
    args = p.parse_args(argv)
    cases = [c.strip() for c in args.http_cases.split(",") if c.strip()]
    if args.http_suggestions and "suggestions" not in cases:
        cases.append("suggestions")
    unknown = set(cases) - set(HTTP_CASES)
    if unknown:
        p.error(f"unknown --http-cases: {', '.join(sorted(unknown))}")
    args.case_list = cases
    args.size_list = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    return args


def ensure_postgres_database(url: str, fresh: bool) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise SystemExit("--database-url must name a database, e.g. .../jiesu_bench")
    if fresh and "bench" not in name:
        raise SystemExit(
            f"refusing to drop database {name!r}: use a name containing 'bench', or --reuse"
        )
    last_error: Exception | None = None
    for admin_db in ("postgres", "test"):
        admin_url = urlunsplit(parts._replace(path="/" + admin_db))
        try:
            conn = psycopg.connect(admin_url, autocommit=True)
        except psycopg.OperationalError as exc:
            last_error = exc
            continue
        with conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            ident = psycopg.sql.Identifier(name)
            if exists and fresh:
                conn.execute(psycopg.sql.SQL("DROP DATABASE {} WITH (FORCE)").format(ident))
                exists = None
            if not exists:
                conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(ident))
        return
    raise SystemExit(f"cannot reach PostgreSQL to create {name}: {last_error}")


def setup_django(args: argparse.Namespace) -> str:
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="jiesu-bench-")
    os.environ["JIESU_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "jiesu.settings"
    os.environ["JIESU_DEBUG"] = "0"
    os.environ.setdefault("JIESU_LOG_LEVEL", "WARNING")
    if args.database_url:
        ensure_postgres_database(args.database_url, fresh=not args.reuse)
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        db_file = Path(data_dir) / "jiesu.sqlite3"
        if db_file.exists() and not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db_file) + suffix).unlink(missing_ok=True)

    from jiesu.core.env import secret_key_file, write_secret_key

    # the key `jiesu migrate` writes (`jiesu serve` refuses to start without one), before the
    # settings read it, so that this process and the server agree on it
    if not secret_key_file(Path(data_dir)).exists():
        write_secret_key(secret_key_file(Path(data_dir)))

    import django

    django.setup()
    from django.core.management import call_command

    from jiesu.core.demo import load_demo

    call_command("migrate", verbosity=0, interactive=False)
    load_demo()
    return data_dir


# --------------------------------------------------------------------------------------------
# realistic history
# --------------------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
STREETS = [
    "湖滨大道",
    "磁湖路",
    "颐阳路",
    "杭州路",
    "武汉路",
    "桂林路",
    "团城山路",
    "广州路",
    "沈家营路",
    "黄石大道",
    "大冶大道",
    "兴国大道",
    "江北路",
    "新下陆大道",
    "铁山大道",
    "月亮山路",
    "老虎头路",
    "花湖大道",
]
ESTATES = [
    "花湖小区",
    "磁湖山庄",
    "广场花园",
    "团城山小区",
    "中央公园",
    "江南明珠",
    "山水华庭",
    "阳光家园",
    "锦绣城",
    "幸福里",
    "东方山庄",
    "滨江花园",
    "天方百货宿舍",
    "大冶钢厂宿舍",
    "港湖新村",
]
PREFIXES = [
    "138",
    "139",
    "135",
    "136",
    "137",
    "150",
    "151",
    "152",
    "158",
    "159",
    "186",
    "187",
    "188",
    "189",
    "177",
    "180",
    "181",
    "199",
    "133",
    "153",
]
TEXTS = {
    "urban-property": [
        "小区楼道灯长期不亮",
        "物业不作为，垃圾清运不及时",
        "电梯频繁故障无人维修",
        "小区地下车库漏水",
    ],
    "urban-illegal-building": ["楼顶私搭乱建", "一楼住户违规扩建院子", "小区绿地被占用搭棚"],
    "urban-roads": ["路面坑洼积水严重", "窨井盖缺失存在安全隐患", "人行道地砖破损", "路灯不亮"],
    "urban-housing-security": ["公租房申请进度咨询", "廉租房维修无人处理", "保障房资格审核问题"],
    "env-pollution": ["工厂夜间排放刺鼻气体", "河道有污水直排", "餐馆油烟扰民"],
    "env-noise": ["夜间施工噪音扰民", "广场舞音响声音过大", "商铺高音喇叭扰民"],
    "transport-taxi": ["出租车拒载", "出租车绕路多收费", "网约车司机态度恶劣"],
    "transport-bus": ["公交车班次太少", "建议增设公交站点", "公交车司机不停站"],
    "education-school": ["学校违规补课收费", "学区划分咨询", "校门口交通拥堵"],
    "labour-wages": ["工地拖欠农民工工资", "公司拖欠三个月工资", "离职后工资未结清"],
    "labour-pension": ["养老保险转移接续咨询", "退休金核定有异议", "灵活就业参保咨询"],
    "labour-medicare": ["医保异地报销咨询", "医保卡无法使用", "门诊慢特病申请咨询"],
    "commerce-consumer": ["预付卡商家跑路", "购买到过期食品", "商家拒不退换货"],
    "commerce-tourism": ["景区门票价格不透明", "旅行社强制购物"],
    "health-hospital": ["医院挂号难", "医生服务态度差", "医疗收费有疑问"],
    "gov-info-disclosure": ["申请公开征收补偿方案", "申请公开规划许可信息"],
    "utility-water": ["小区突然停水", "自来水水质浑浊", "供水管道爆裂"],
    "utility-power": ["片区停电", "电压不稳家电损坏", "电线杆倾斜"],
    "utility-gas": ["闻到燃气泄漏气味", "燃气停气无通知", "燃气表故障"],
}
DETAILS = [
    "已经持续一周了",
    "多次反映没有结果",
    "希望尽快处理",
    "影响居民正常生活",
    "请相关部门核实",
    "老人小孩出行不便",
    "存在安全隐患",
    "之前打过电话没有回复",
]
CHANNELS = [
    ("phone", 70),
    ("web", 8),
    ("app", 14),
    ("sms", 2),
    ("open311", 1),
    ("email", 1),
    ("enterprise_desk", 2),
    ("police110", 2),
]
APPEALS = [
    ("consult_general", 14),
    ("consult_professional", 8),
    ("help", 26),
    ("complaint", 30),
    ("report", 7),
    ("suggestion", 11),
    ("praise", 4),
]
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 14, 16, 16, 14, 10, 12, 15, 15, 14, 12, 10, 9, 8, 6, 4, 2]
PHONE_POOL = 300_000


def weighted(pairs):
    values, weights = zip(*pairs, strict=True)
    cum, total = [], 0
    for w in weights:
        total += w
        cum.append(total)
    return list(values), cum


def phone_for(i: int) -> str:
    return PREFIXES[i % len(PREFIXES)] + f"{(i * 7_919_993 + 13) % 10**8:08d}"


class Reference:
    """What the generator needs from the demo city, looked up once."""

    def __init__(self) -> None:
        from django.contrib.auth import get_user_model

        from jiesu.catalogue.models import Category
        from jiesu.catalogue.queries import route_for
        from jiesu.organisation.choices import RegionLevel, UnitKind
        from jiesu.organisation.models import Region, Unit

        users = {
            u.username: u.pk
            for u in get_user_model().objects.filter(username__in=["operator", "dispatcher"])
        }
        self.operator_id, self.dispatcher_id = users["operator"], users["dispatcher"]
        self.city_platform = Unit.objects.get(code="city-platform")
        self.city = Region.objects.get(level=RegionLevel.CITY)
        self.counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("pk"))
        self.county_platform = {
            u.region_id: u
            for u in Unit.objects.filter(kind=UnitKind.PLATFORM, region__level=RegionLevel.COUNTY)
        }
        self.regions = [self.city, *self.counties]
        self.region_weights = [20] + [80 / len(self.counties)] * len(self.counties)
        self.categories = [
            c for c in Category.objects.filter(active=True).order_by("pk") if c.code in TEXTS
        ]
        self.category_weights = [
            0.3 if c.utility else (0.4 if c.code.startswith("gov") else 1.0)
            for c in self.categories
        ]
        self.region_cum = list(itertools.accumulate(self.region_weights))
        self.category_cum = list(itertools.accumulate(self.category_weights))
        self.units = {u.pk: u for u in Unit.objects.all()}
        self.routes: dict[tuple[int, int], tuple[int, list[int]]] = {}
        for cat in self.categories:
            for region in self.regions:
                route = route_for(cat, region)
                self.routes[(cat.pk, region.pk)] = (
                    route.main_unit_id,
                    [u.pk for u in route.assist_units.all()],
                )


class HistoryGenerator:
    """Rows for tickets, their assignments and events, spread over the past two years."""

    def __init__(self, ref: Reference, *, sqlite: bool, seed: int, now: datetime) -> None:
        from jiesu.tickets import deadlines
        from jiesu.workdays.loader import get_calendar

        self.ref = ref
        self.sqlite = sqlite
        self.rng = random.Random(seed)
        self.now = now
        self.calendar = get_calendar()
        self.compute = deadlines.compute
        self.channels = weighted(CHANNELS)
        self.appeals = weighted(APPEALS)

    # backend-specific value forms
    def ts(self, dt: datetime | None):
        if dt is None or not self.sqlite:
            return dt
        return str(dt.astimezone(UTC))[
            :-6
        ]  # Django's SQLite form: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]"

    def js(self, data: dict) -> str:
        return json.dumps(data)

    def created_at(self) -> datetime:
        rng = self.rng
        day = (self.now.astimezone(SHANGHAI) - timedelta(days=rng.randrange(730))).date()
        hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
        local = datetime(
            day.year,
            day.month,
            day.day,
            hour,
            rng.randrange(60),
            rng.randrange(60),
            rng.randrange(1, 10**6),
            tzinfo=SHANGHAI,
        )
        t = local.astimezone(UTC)
        if t > self.now - timedelta(minutes=1):
            t = self.now - timedelta(seconds=rng.randrange(60, 3 * 3600))
        return t

    def status_for(self, appeal: str, age_days: float) -> str:
        r = self.rng.random()
        if appeal == "consult_general" and r < 0.75:
            return "closed" if age_days > 3 and r < 0.45 else "answered_online"
        r = self.rng.random()
        if r < 0.02:
            return "diverted" if age_days < 10 else "closed"
        if r < 0.035 and age_days > 1:
            return "merged"
        r = self.rng.random()
        if age_days < 0.08:
            return "accepted" if r < 0.5 else "dispatched"
        if age_days < 5:
            return "dispatched" if r < 0.7 else ("replied" if r < 0.9 else "closed")
        if age_days < 20:
            return (
                "dispatched"
                if r < 0.2
                else ("replied" if r < 0.45 else ("rehandling" if r < 0.5 else "closed"))
            )
        return (
            "closed"
            if r < 0.95
            else ("replied" if r < 0.98 else ("rehandling" if r < 0.99 else "dispatched"))
        )

    def batch(
        self,
        first_id: int,
        count: int,
        first_assignment_id: int,
        first_event_id: int,
        seed: int,
    ):
        """Rows for ``count`` tickets with ids from ``first_id``: (tickets, assignments, events).

        The ticket's number column holds its Shanghai day (a date); the parent process, which
        owns the per-day counters, turns it into the YYYYMMDD-NNNNNN number."""
        self.rng = random.Random(seed)
        rng, ref, now = self.rng, self.ref, self.now
        tickets, assignments, events = [], [], []
        aid, eid = first_assignment_id, first_event_id
        ch_values, ch_cum = self.channels
        ap_values, ap_cum = self.appeals
        for tid in range(first_id, first_id + count):
            created = self.created_at()
            age_days = (now - created).total_seconds() / 86400
            region = rng.choices(ref.regions, cum_weights=ref.region_cum)[0]
            category = rng.choices(ref.categories, cum_weights=ref.category_cum)[0]
            appeal = rng.choices(ap_values, cum_weights=ap_cum)[0]
            channel = rng.choices(ch_values, cum_weights=ch_cum)[0]
            urgent = category.utility or rng.random() < 0.01
            status = self.status_for(appeal, age_days)
            intake_unit = ref.city_platform
            if region.pk in ref.county_platform and rng.random() < 0.15:
                intake_unit = ref.county_platform[region.pk]
            anonymous = rng.random() < 0.04
            phone = "" if anonymous else phone_for(int(PHONE_POOL * rng.random() ** 3))
            day = created.astimezone(SHANGHAI).date()
            subject = rng.choice(TEXTS[category.code])
            street = rng.choice(STREETS)
            address = f"{region.name}{street}{rng.randrange(1, 300)}号{rng.choice(ESTATES)}"
            content = f"{address}：{subject}，{rng.choice(DETAILS)}，{rng.choice(DETAILS)}。"
            has_geo = rng.random() < 0.6
            if appeal == "consult_general":
                dclass, track = "A", "online"
            elif urgent:
                dclass, track = "A", "fast"
            else:
                dclass, track = ("B" if rng.random() < 0.05 else "A"), "time_limited"
            if status == "diverted" or (
                status == "closed" and appeal != "consult_general" and rng.random() < 0.01
            ):
                dclass = "D"
            closed_at = None
            primary_id = (
                rng.randrange(max(1, first_id - 50_000), tid)
                if status == "merged" and tid > 1
                else None
            )
            if status == "merged" and primary_id is None:
                status = "dispatched"
            ev = [
                (
                    created,
                    "intake",
                    None,
                    ref.operator_id,
                    "operator",
                    "operator",
                    intake_unit.pk,
                    {
                        "channel": channel,
                        "appeal_type": appeal,
                        "urgent": urgent,
                        "category": category.code,
                        "region": region.code,
                        "dispatch_class": dclass,
                        "track": track,
                    },
                )
            ]
            dispatched_flow = status in ("dispatched", "replied", "rehandling") or (
                status == "closed" and appeal != "consult_general" and dclass != "D"
            )
            if dispatched_flow:
                main_id, assist_ids = ref.routes[(category.pk, region.pk)]
                dispatched_at = created + timedelta(seconds=rng.randrange(120, 4 * 3600))
                if dispatched_at > now:
                    dispatched_at = now - timedelta(seconds=1)
                clocks = self.compute(
                    dispatched_at=dispatched_at,
                    clock_started_at=dispatched_at,
                    appeal_type=appeal,
                    urgent=urgent,
                    calendar=self.calendar,
                )
                for unit_id, role in [(main_id, "main"), *[(u, "assist") for u in assist_ids]]:
                    a_status, signed, answered = self.assignment_state(
                        status, dispatched_at, clocks, age_days
                    )
                    if answered is not None and (closed_at is None or answered > closed_at):
                        closed_at = answered
                    sign_over = (
                        clocks.sign_deadline
                        if (
                            (signed and signed > clocks.sign_deadline)
                            or (a_status == "pending_sign" and clocks.sign_deadline < now)
                        )
                        else None
                    )
                    answer_over = (
                        clocks.answer_deadline
                        if (
                            (answered and answered > clocks.answer_deadline)
                            or (
                                a_status
                                in ("pending_sign", "handling", "reply_review", "return_review")
                                and clocks.answer_deadline < now
                            )
                        )
                        else None
                    )
                    assignments.append(
                        (
                            aid,
                            tid,
                            unit_id,
                            role,
                            None,
                            a_status,
                            ref.dispatcher_id,
                            self.ts(dispatched_at),
                            self.ts(dispatched_at),
                            self.ts(clocks.sign_deadline),
                            self.ts(clocks.answer_deadline),
                            0,
                            self.ts(signed),
                            self.ts(answered),
                            None,
                            self.ts(sign_over),
                            None,
                            self.ts(answer_over),
                        )
                    )
                    ev.append(
                        (
                            dispatched_at,
                            "dispatched",
                            aid,
                            ref.dispatcher_id,
                            "dispatcher",
                            "platform_dispatcher",
                            ref.city_platform.pk,
                            {
                                "unit": ref.units[unit_id].code,
                                "role": role,
                                "from_unit": "city-platform",
                                "parent": None,
                                "appeal_type": appeal,
                                "urgent": urgent,
                                "sign_deadline": clocks.sign_deadline.isoformat(),
                                "answer_deadline": clocks.answer_deadline.isoformat(),
                            },
                        )
                    )
                    aid += 1
            if status in ("closed", "answered_online", "diverted", "merged") or (
                status == "replied" and closed_at
            ):
                base = closed_at or created
                end = min(now - timedelta(seconds=1), base + timedelta(hours=rng.uniform(0.2, 72)))
                kind = {
                    "closed": "closed",
                    "answered_online": "answered_online",
                    "diverted": "diverted",
                    "merged": "merged",
                    "replied": "ticket_replied",
                }[status]
                ev.append(
                    (
                        end,
                        kind,
                        None,
                        ref.operator_id,
                        "operator",
                        "operator",
                        intake_unit.pk,
                        {"primary": primary_id} if kind == "merged" else {},
                    )
                )
                closed_at = end if status == "closed" else None
            else:
                closed_at = None
            lat = round(30.15 + rng.random() * 0.15, 6) if has_geo else None
            lon = round(114.95 + rng.random() * 0.25, 6) if has_geo else None
            tickets.append(
                (
                    tid,
                    day,
                    f"{rng.randrange(10**6):06d}",
                    channel,
                    "" if anonymous else rng.choice(SURNAMES) + rng.choice(("先生", "女士")),
                    phone,
                    "",
                    anonymous,
                    rng.random() < 0.03,
                    subject,
                    content,
                    appeal,
                    urgent,
                    rng.random() < 0.05,
                    region.pk,
                    address,
                    lat,
                    lon,
                    category.pk,
                    dclass,
                    track,
                    status,
                    primary_id,
                    rng.random() < 0.01,
                    rng.random() < 0.005,
                    0,
                    "已按相关规定处理并答复诉求人。"
                    if status in ("closed", "answered_online")
                    else "",
                    intake_unit.pk,
                    ref.operator_id,
                    self.ts(created),
                    self.ts(closed_at),
                )
            )
            for at, kind, a, actor_id, name, role, unit_id, data in ev:
                events.append(
                    (eid, tid, a, kind, self.ts(at), actor_id, name, role, unit_id, self.js(data))
                )
                eid += 1
        return tickets, assignments, events

    def assignment_state(
        self, ticket_status: str, dispatched_at: datetime, clocks, age_days: float
    ):
        rng, now = self.rng, self.now
        sign_window = (clocks.sign_deadline - dispatched_at).total_seconds()
        signed = dispatched_at + timedelta(seconds=sign_window * rng.uniform(0.05, 1.1))
        if ticket_status in ("closed", "replied"):
            window = (clocks.answer_deadline - dispatched_at).total_seconds()
            answered = dispatched_at + timedelta(seconds=window * rng.uniform(0.2, 1.12))
            answered = max(signed, min(answered, now - timedelta(seconds=2)))
            return "answered", min(signed, answered), answered
        if ticket_status == "rehandling":
            return "handling", min(signed, now), None
        # dispatched: still open
        if signed > now or (age_days < 1 and rng.random() < 0.5):
            return "pending_sign", None, None
        r = rng.random()
        return (
            ("handling" if r < 0.75 else ("reply_review" if r < 0.95 else "return_review")),
            signed,
            None,
        )


TICKET_COLS = [
    "id",
    "number",
    "query_code",
    "channel",
    "caller_name",
    "caller_phone",
    "caller_id_number",
    "anonymous",
    "confidential",
    "subject",
    "content",
    "appeal_type",
    "urgent",
    "enterprise",
    "region_id",
    "address",
    "lat",
    "lon",
    "category_id",
    "dispatch_class",
    "track",
    "status",
    "primary_id",
    "key_request",
    "supervised",
    "unreached_callbacks",
    "answer",
    "intake_unit_id",
    "created_by_id",
    "created_at",
    "closed_at",
]
ASSIGNMENT_COLS = [
    "id",
    "ticket_id",
    "unit_id",
    "role",
    "parent_id",
    "status",
    "dispatched_by_id",
    "dispatched_at",
    "clock_started_at",
    "sign_deadline",
    "answer_deadline",
    "extension_days",
    "signed_at",
    "answered_at",
    "sign_warned_at",
    "sign_overdue_at",
    "answer_warned_at",
    "answer_overdue_at",
]
EVENT_COLS = [
    "id",
    "ticket_id",
    "assignment_id",
    "kind",
    "at",
    "actor_id",
    "actor_name",
    "actor_role",
    "actor_unit_id",
    "data",
]


class Table:
    """Column list for one model: the generated columns plus defaults for any field added since."""

    def __init__(self, model, generated: list[str], sqlite: bool) -> None:
        self.name = model._meta.db_table
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in generated if c not in by_attname]
        if unknown:
            raise SystemExit(
                f"{model.__name__} has no column(s) {unknown}: update bench/intake_dispatch.py"
            )
        self.columns = [by_attname[c].column for c in generated]
        self.extra: tuple = ()
        for field in model._meta.concrete_fields:
            if field.attname in generated:
                continue
            default = field.get_default()
            if default is None and not field.null:
                raise SystemExit(
                    f"{model.__name__}.{field.attname} is required and has no default: update the bench"
                )
            if isinstance(default, dict | list):
                default = json.dumps(default)
            self.columns.append(field.column)
            self.extra += (default,)
        self.sqlite = sqlite

    def insert(self, cursor, rows: list[tuple]) -> None:
        if not rows:
            return
        cols = ", ".join(f'"{c}"' for c in self.columns)
        if self.sqlite:
            marks = ", ".join("?" * len(self.columns))
            sql = f'INSERT INTO "{self.name}" ({cols}) VALUES ({marks})'
            cursor.executemany(sql, [r + self.extra for r in rows] if self.extra else rows)
        else:
            with cursor.copy(f'COPY "{self.name}" ({cols}) FROM STDIN') as copy:
                extra = self.extra
                for r in rows:
                    copy.write_row(r + extra if extra else r)


# At most this many assignments / events per generated ticket: each batch gets its own id range,
# so batches can be generated in parallel (ids may have gaps; nothing depends on them being dense).
MAX_ASSIGNMENTS_PER_TICKET = 3
MAX_EVENTS_PER_TICKET = 5
_GENERATOR: HistoryGenerator | None = None  # set in the parent before the worker processes fork


def _generate(task: tuple[int, int, int, int, int]):
    first_id, count, first_aid, first_eid, seed = task
    return _GENERATOR.batch(first_id, count, first_aid, first_eid, seed)


def bulk_load_state(sqlite: bool) -> tuple[tuple, dict, tuple[int, int, int]]:
    """Before a bulk load: the three tables to fill, the per-day ticket counters, and the next
    free ticket, assignment and event ids."""
    from django.db.models import Max

    from jiesu.tickets.models import Assignment, Event, Ticket, TicketCounter

    tables = (
        Table(Ticket, TICKET_COLS, sqlite),
        Table(Assignment, ASSIGNMENT_COLS, sqlite),
        Table(Event, EVENT_COLS, sqlite),
    )
    counters = dict(TicketCounter.objects.values_list("day", "last"))
    next_ids = tuple(
        (m.objects.aggregate(m=Max("id"))["m"] or 0) + 1 for m in (Ticket, Assignment, Event)
    )
    return tables, counters, next_ids


def save_counters_and_sequences(counters: dict, before: dict) -> None:
    """After a bulk load: the per-day ticket counters (so that intake continues each day's
    sequence) and the id sequences (so that the next insert does not collide)."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from jiesu.tickets.models import Assignment, Event, Ticket

    sqlite = connection.vendor == "sqlite"
    changed = [
        (day if not sqlite else day.isoformat(), last)
        for day, last in counters.items()
        if before.get(day) != last
    ]
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(
            'INSERT INTO "tickets_ticketcounter" ("day", "last") VALUES (%s, %s) '
            'ON CONFLICT ("day") DO UPDATE SET "last" = excluded."last"',
            changed,
        )
        for sql in connection.ops.sequence_reset_sql(no_style(), [Ticket, Assignment, Event]):
            cur.execute(sql)


def analyse_after_load(table_names: list[str], args) -> float:
    """What autovacuum would have done by the time a real database held this history
    (PostgreSQL), or ``ANALYZE`` when asked for (SQLite). Returns the seconds it took."""
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        if connection.vendor != "sqlite" and not getattr(args, "no_vacuum", False):
            for table in (*table_names, "tickets_ticketcounter"):
                cur.execute(f'VACUUM ANALYZE "{table}"')
        elif connection.vendor == "sqlite" and args.sqlite_analyze:
            cur.execute("ANALYZE")
    return time.perf_counter() - t0


def grow_history(target: int, ref: Reference, args, now: datetime) -> dict:
    """Bulk-insert tickets (with their assignments and events) until there are ``target``.

    Batches are generated by worker processes while the parent inserts the previous ones (COPY
    on PostgreSQL, executemany on SQLite), one transaction per batch."""
    global _GENERATOR
    from django.db import connection

    from jiesu.tickets.models import Ticket

    sqlite = connection.vendor == "sqlite"
    have = Ticket.objects.count()
    missing = target - have
    if missing <= 0:
        return {"inserted": 0, "seconds": 0.0}
    _GENERATOR = HistoryGenerator(ref, sqlite=sqlite, seed=args.seed, now=now)
    tables, counters, (first_ticket, first_assignment, first_event) = bulk_load_state(sqlite)
    before = dict(counters)
    tasks = []
    done = 0
    while done < missing:
        n = min(args.batch, missing - done)
        tasks.append(
            (
                first_ticket + done,
                n,
                first_assignment + done * MAX_ASSIGNMENTS_PER_TICKET,
                first_event + done * MAX_EVENTS_PER_TICKET,
                args.seed * 1_000_003 + first_ticket + done,
            )
        )
        done += n
    if sqlite:
        # bulk-load settings for this connection only; it is closed (and so reset) afterwards
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA cache_size=-262144")
    started = time.perf_counter()
    # Loading more rows than the tables hold: drop the secondary indexes and build them again
    # afterwards (a sorted build is far cheaper than a million random index insertions).
    dropped = drop_secondary_indexes([t.name for t in tables]) if missing > have else []
    try:
        n_assignments, n_events = insert_batches(tasks, tables, counters, args, target, missing)
    finally:
        t0 = time.perf_counter()
        recreate_indexes(dropped)
        index_seconds = time.perf_counter() - t0
    save_counters_and_sequences(counters, before)
    insert_seconds = time.perf_counter() - started
    # the SLA sweep keeps Ticket.overdue (decision 0007); do what it would have done by now
    from jiesu.tickets.actions.sla import refresh_overdue_flags

    t0 = time.perf_counter()
    flagged, cleared = refresh_overdue_flags(now)
    flag_seconds = time.perf_counter() - t0
    maintenance = analyse_after_load([t.name for t in tables], args)
    connection.close()
    return {
        "inserted": missing,
        "assignments": n_assignments,
        "events": n_events,
        "seconds": round(insert_seconds, 1),
        "of_which_index_rebuild_seconds": round(index_seconds, 1),
        "indexes_rebuilt": len(dropped),
        "maintenance_seconds": round(maintenance, 1),
        "tickets_per_second": round(missing / insert_seconds),
        "overdue_flag_refresh": {
            "flagged": flagged,
            "cleared": cleared,
            "seconds": round(flag_seconds, 2),
        },
    }


def insert_batches(
    tasks, tables, counters: dict, args, target: int, missing: int
) -> tuple[int, int]:
    from django.db import connection, transaction
    from tqdm import tqdm

    sqlite = connection.vendor == "sqlite"
    n_assignments = n_events = 0
    with (
        multiprocessing.get_context("fork").Pool(max(1, args.gen_workers)) as pool,
        tqdm(total=missing, desc=f"history → {target:,}", unit="ticket", unit_scale=True) as bar,
    ):
        pending: deque = deque()
        queue = iter(tasks)
        for task in itertools.islice(queue, 2 * args.gen_workers):
            pending.append(pool.apply_async(_generate, (task,)))
        while pending:
            t_rows, a_rows, e_rows = pending.popleft().get()
            for task in itertools.islice(queue, 1):
                pending.append(pool.apply_async(_generate, (task,)))
            numbered = []
            for row in t_rows:
                day = row[1]
                counters[day] = seq = counters.get(day, 0) + 1
                numbered.append((row[0], f"{day:%Y%m%d}-{seq:06d}", *row[2:]))
            with transaction.atomic():
                raw = connection.connection.cursor() if sqlite else connection.cursor().cursor
                for table, rows in zip(tables, (numbered, a_rows, e_rows), strict=True):
                    table.insert(raw, rows)
            n_assignments += len(a_rows)
            n_events += len(e_rows)
            bar.update(len(t_rows))
    return n_assignments, n_events


def drop_secondary_indexes(table_names: list[str]) -> list[str]:
    """Drop the plain (non-constraint) indexes of the tables; return their CREATE statements."""
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            marks = ", ".join("%s" for _ in table_names)
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks})",
                table_names,
            )
        else:
            cur.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
                "AND i.tablename = ANY(%s) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [table_names],
            )
        found = cur.fetchall()
        for name, _sql in found:
            cur.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def recreate_indexes(statements: list[str]) -> None:
    from django.db import connection

    if not statements:
        return
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET maintenance_work_mem = '256MB'")
        for sql in statements:
            cur.execute(sql)


# --------------------------------------------------------------------------------------------
# measurements
# --------------------------------------------------------------------------------------------


def percentile(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return float("nan")
    k = max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)
    return sorted_ms[k]


def summarise(ms: list[float]) -> dict:
    s = sorted(ms)
    return {
        "n": len(s),
        "p50": round(percentile(s, 50), 2),
        "p95": round(percentile(s, 95), 2),
        "p99": round(percentile(s, 99), 2),
        "max": round(s[-1], 2) if s else None,
        "mean": round(sum(s) / len(s), 2) if s else None,
    }


class CallTimeout(Exception):
    pass


class call_timeout:
    """Abort a read that runs longer than ``seconds`` (SQLite progress handler / PostgreSQL
    statement_timeout), so that one pathological query cannot eat the whole run."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self):
        from django.db import connection

        connection.ensure_connection()
        self.deadline = time.perf_counter() + self.seconds
        if connection.vendor == "sqlite":
            connection.connection.set_progress_handler(
                lambda: 1 if time.perf_counter() > self.deadline else 0, 20_000
            )
        else:
            with connection.cursor() as cur:
                cur.execute(f"SET statement_timeout = {int(self.seconds * 1000)}")
        return self

    def __exit__(self, exc_type, exc, tb):
        from django.db import OperationalError, connection

        if connection.vendor == "sqlite":
            connection.connection.set_progress_handler(None, 0)
        else:
            with connection.cursor() as cur:
                cur.execute("SET statement_timeout = 0")
        if exc_type is not None and issubclass(exc_type, OperationalError):
            raise CallTimeout(str(exc)) from exc
        return False


def timed(fn, inputs: list, *, max_seconds: float, warmup: int = 3, limit: float | None = None):
    """Milliseconds per call (warm-up calls excluded); stops after ``max_seconds``. With
    ``limit``, a call longer than that is aborted and the operation reported as timed out."""
    guard = (lambda: call_timeout(limit)) if limit else contextlib.nullcontext
    out: list[float] = []
    try:
        for x in inputs[:warmup]:
            t0 = time.perf_counter()
            with guard():
                fn(x)
            if time.perf_counter() - t0 > 1.0:
                break  # slow enough that warming up further only costs time
        deadline = time.perf_counter() + max_seconds
        for x in inputs[warmup:]:
            t0 = time.perf_counter()
            with guard():
                fn(x)
            out.append((time.perf_counter() - t0) * 1000)
            if time.perf_counter() > deadline:
                break
    except CallTimeout:
        return out, True
    return out, False


def query_count(fn, x, limit: float | None = None) -> tuple[int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        try:
            with call_timeout(limit) if limit else contextlib.nullcontext():
                fn(x)
        except CallTimeout:
            pass
    sqls = [
        q["sql"] for q in ctx.captured_queries if not q["sql"].startswith("SET statement_timeout")
    ]
    return len(sqls), sqls


def explain(sql: str, analyze: bool = True) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(("EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN ") + sql)
            return "\n".join(r[0] for r in cur.fetchall())
        cur.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(f"{r[0]}|{r[1]}|{r[3]}" for r in cur.fetchall())


def intake_inputs(ref: Reference, rng: random.Random, n: int):
    from jiesu.tickets.actions import IntakeData

    appeals = weighted([a for a in APPEALS if a[0] != "consult_general"])
    out = []
    for _ in range(n):
        region = rng.choices(ref.regions, weights=ref.region_weights)[0]
        category = rng.choices(ref.categories, weights=ref.category_weights)[0]
        subject = rng.choice(TEXTS[category.code])
        address = (
            f"{region.name}{rng.choice(STREETS)}{rng.randrange(1, 300)}号{rng.choice(ESTATES)}"
        )
        out.append(
            IntakeData(
                channel="phone",
                subject=subject,
                content=f"{address}：{subject}，{rng.choice(DETAILS)}。",
                appeal_type=rng.choices(appeals[0], cum_weights=appeals[1])[0],
                caller_name=rng.choice(SURNAMES) + "先生",
                caller_phone=phone_for(int(PHONE_POOL * rng.random() ** 3)),
                region=region.code,
                address=address,
                category=category.code,
            )
        )
    return out


def measure(size: int, ref: Reference, args, rng: random.Random) -> dict:
    from django.db import connection
    from django.utils import timezone

    from jiesu.testing.builders import person
    from jiesu.tickets import actions, queries
    from jiesu.tickets.models import Assignment, Ticket
    from jiesu.tickets.serializers import ticket_dict

    operator = person("operator")
    county = person("county")
    n, warm = args.samples, 3
    results: dict[str, dict] = {}
    plans: dict[str, str] = {}

    def record(name: str, timing, fn=None, x=None, plan: bool = False, limit=None) -> None:
        ms, timed_out = timing
        results[name] = summarise(ms)
        if timed_out:
            results[name]["timed_out_after_ms"] = limit * 1000
        if fn is not None:
            count, sqls = query_count(fn, x, limit)
            results[name]["queries"] = count
            if plan:
                main = [s for s in sqls if "LIMIT" in s.upper() and "tickets_ticket" in s]
                if main:
                    plans[name] = explain(main[-1], analyze=not timed_out)
        r = results[name]
        if timed_out:
            print(
                f"  {name:<26} TIMED OUT: a call took > {limit:g} s ({r['n']} calls finished before)"
            )
            return
        print(
            f"  {name:<26} n={r['n']:<4} p50={r['p50']:>8.2f}  p95={r['p95']:>8.2f}  p99={r['p99']:>8.2f}"
            f"  max={r['max']:>8.2f} ms  queries={r.get('queries', '-')}",
            flush=True,
        )

    # intake
    data = intake_inputs(ref, rng, n + warm + 1)
    numbers: list[str] = []

    def do_intake(d):
        numbers.append(actions.intake_ticket(d, actor=operator).number)

    record(
        "intake",
        timed(do_intake, data[:-1], max_seconds=args.max_op_seconds, warmup=warm),
        do_intake,
        data[-1],
    )

    # dispatch the tickets just taken in (catalogue route decides the main unit)
    def do_dispatch(number):
        actions.dispatch_ticket(number, main_unit=None, actor=operator)

    to_dispatch = list(numbers)
    record(
        "dispatch",
        timed(do_dispatch, to_dispatch[:-1], max_seconds=args.max_op_seconds, warmup=warm),
        do_dispatch,
        to_dispatch[-1],
    )

    # detail of random historical tickets (GET /api/v1/tickets/{number})
    max_id = Ticket.objects.order_by("-id").values_list("id", flat=True).first()
    ids = [rng.randrange(1, max_id + 1) for _ in range(n + warm + 1)]
    by_id = dict(Ticket.objects.filter(id__in=ids).values_list("id", "number"))
    sample_numbers = [by_id[i] for i in ids if i in by_id]

    def do_detail(number):
        ticket = queries.get_ticket_for_user(operator, number)
        assignments = list(
            Assignment.objects.filter(ticket=ticket).select_related("unit").order_by("id")
        )
        return ticket_dict(ticket, operator, timezone.now(), assignments=assignments)

    record(
        "detail",
        timed(
            do_detail,
            sample_numbers[:-1],
            max_seconds=args.max_op_seconds,
            warmup=warm,
            limit=args.call_timeout,
        ),
        do_detail,
        sample_numbers[-1],
        limit=args.call_timeout,
    )

    # list pages (no full counts): status rotates, plus the other filters of GET /api/v1/tickets
    variants = [
        ("list status=dispatched", operator, {"status": "dispatched"}),
        ("list status=accepted", operator, {"status": "accepted"}),
        ("list status=closed", operator, {"status": "closed"}),
        ("list all", operator, {}),
        ("list unit=city-housing", operator, {"unit": "city-housing"}),
        ("list unit=hs-gas", operator, {"unit": "hs-gas"}),
        ("list overdue=true", operator, {"overdue": True}),
        ("list as county platform", county, {}),
        ("list all page=20", operator, {"page": 20}),
    ]
    for name, actor, kwargs in variants:

        def do_list(_, actor=actor, kwargs=kwargs):
            rows, _more = queries.ticket_page(actor, **{"page": 1, **kwargs})
            return rows

        record(
            name,
            timed(
                do_list,
                list(range(n + warm)),
                max_seconds=args.max_op_seconds,
                warmup=warm,
                limit=args.call_timeout,
            ),
            do_list,
            0,
            plan=True,
            limit=args.call_timeout,
        )

    # the desk's main pages, rendered whole by Django (server time, no network): the list and a
    # ticket's detail page (which also writes its personal-data audit row)
    from django.contrib.auth import get_user_model
    from django.test import Client

    desk = Client()
    desk.force_login(get_user_model().objects.get(username="operator"))
    pages = [
        ("desk page list", lambda _: "/desk/", list(range(n + warm + 1))),
        ("desk page detail", lambda number: f"/desk/t/{number}/", sample_numbers),
    ]
    for name, url, inputs in pages:

        def do_page(x, url=url):
            response = desk.get(url(x))
            if response.status_code != 200:
                raise RuntimeError(f"{url(x)} answered {response.status_code}")
            return response

        record(
            name,
            timed(
                do_page,
                inputs[:-1],
                max_seconds=args.max_op_seconds,
                warmup=warm,
                limit=args.call_timeout,
            ),
            do_page,
            inputs[-1],
            limit=args.call_timeout,
        )

    connection.close()
    return {"ops": results, "plans": plans}


# --------------------------------------------------------------------------------------------
# HTTP throughput
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_of(parent: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return pids


def database_backend_pids() -> list[int]:
    """PostgreSQL backends serving this database (the server runs on this machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        pids = [row[0] for row in cur.fetchall()]
    connection.close()
    return pids


def prepare_model(args, data_dir: str) -> dict:
    """A trained model for the suggestion cases: ``--model-file`` activated as it is, or one
    trained from ``--train-from`` (skipped, and said, when the file is absent)."""
    from django.utils import timezone

    from jiesu.intelligence import store, training
    from jiesu.intelligence.models import TrainedModel

    if args.model_file:
        path = Path(args.model_file)
        if not path.exists():
            return {"model": f"missing: {path}"}
        target = store.models_dir() / path.name
        if target.resolve() != path.resolve():
            shutil.copyfile(path, target)
        TrainedModel.objects.filter(active=True).update(active=False)
        TrainedModel.objects.update_or_create(
            version=path.stem.removeprefix("classifier-"),
            defaults={
                "trained_at": timezone.now(),
                "file": str(target),
                "samples": 0,
                "seconds": 0,
                "metrics": {},
                "active": True,
            },
        )
        return {"model": str(target)}
    if not args.train_from:
        return {"model": "none"}
    source = Path(args.train_from)
    if not source.exists():
        print(f"  no model: {source} is absent (the suggestion cases run without one)", flush=True)
        return {"model": f"absent: {source}"}
    texts, labels = training.read_labelled_file(source, args.train_text_col, args.train_label_col)
    wall, cpu = time.perf_counter(), time.process_time()
    row, _metrics = training.train_and_store(texts, labels, now=timezone.now(), held_out=0)
    out = {
        "model": row.file,
        "trained_on": len(texts),
        "train_seconds": round(time.perf_counter() - wall, 1),
        "train_cpu_seconds": round(time.process_time() - cpu, 1),
    }
    print(f"  model trained: {out}", flush=True)
    return out


def index_matters(batch: int = 20_000) -> dict:
    """The MatterKey rows of every ticket that has none (the generated history): the keys
    intake writes, computed in this process, inserted in batches."""
    from django.db import connection, transaction

    from jiesu.intelligence import matching
    from jiesu.intelligence.models import MatterKey
    from jiesu.tickets.models import Ticket

    table = MatterKey._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f'SELECT COALESCE(MAX(ticket_id), 0) FROM "{table}"')
        done_up_to = cur.fetchone()[0]
    started = time.perf_counter()
    rows_written = 0
    last = done_up_to
    while True:
        chunk = list(
            Ticket.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "subject", "content", "created_at")[:batch]
        )
        if not chunk:
            break
        rows = []
        for pk, subject, content, at in chunk:
            value = connection.ops.adapt_datetimefield_value(at)
            for key in matching.band_keys(matching.shingles(subject, content)):
                rows.append((key, pk, value))
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(
                f'INSERT INTO "{table}" ("key", "ticket_id", "created_at") VALUES (%s, %s, %s)',
                rows,
            )
        rows_written += len(rows)
        last = chunk[-1][0]
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f'ANALYZE "{table}"')
    out = {"matter_keys_written": rows_written, "seconds": round(time.perf_counter() - started, 1)}
    print(f"  matter index: {out}", flush=True)
    return out


def _bodies(ref: Reference, rng: random.Random, n: int) -> dict[str, list[bytes]]:
    """The same calls as intake bodies and as the desk's suggest bodies."""
    intake, suggest = [], []
    for d in intake_inputs(ref, rng, n):
        common = {
            "subject": d.subject,
            "content": d.content,
            "region": d.region,
            "address": d.address,
        }
        intake.append(
            json.dumps(
                common
                | {
                    "channel": d.channel,
                    "appeal_type": d.appeal_type,
                    "caller": {"name": d.caller_name, "phone": d.caller_phone},
                    "category": d.category,
                },
                ensure_ascii=False,
            ).encode()
        )
        suggest.append(json.dumps(common | {"phone": d.caller_phone}, ensure_ascii=False).encode())
    return {"plain": intake, "suggestions": intake, "suggest": suggest}


def http_throughput(ref: Reference, args, rng: random.Random, data_dir: str) -> dict:
    """Every case of ``--http-cases`` against one server, one after another."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from jiesu.organisation.auth import create_token

    token = create_token(get_user_model().objects.get(username="operator"), name="bench")
    connection.close()
    bodies = _bodies(ref, rng, 500)
    port = args.http_port or free_port()
    log_path = Path(data_dir) / f"server-{port}.log"
    env = dict(os.environ)
    if args.serve:
        jiesu = str(Path(sys.executable).parent / "jiesu")
        argv = [jiesu, "serve", "--port", str(port), "--workers", str(args.http_workers)]
    else:
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "jiesu.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.http_workers),
            "--log-level",
            "warning",
        ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
    post = poster(port, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    results = {}
    try:
        wait_for_server(proc, post, "/api/v1/tickets", bodies["plain"][0], 201, log_path)
        for case in args.case_list:
            results[case] = http_case(case, proc.pid, post, bodies[case], args)
    finally:
        stop_server(proc)
    return results


def poster(port: int, headers: dict[str, str]):
    """``post(path, body) -> status`` on 127.0.0.1:port, one new connection per request (no
    keep-alive), as a simple integration client does. Also used by bench/peer_helpdesk.py."""

    def post(path: str, body: bytes) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("POST", path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            return resp.status
        finally:
            conn.close()

    return post


def wait_for_server(proc, post, path: str, body: bytes, expected: int, log_path: Path) -> None:
    """Post until the server answers ``expected`` (at most 90 s)."""
    deadline = time.time() + 90
    while True:
        try:
            if post(path, body) == expected:
                return
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"the server did not come up; see {log_path}")
        time.sleep(0.3)


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def pin_apart(server_pids: list[int]) -> None:
    """``--pin``: the server's processes (web workers, and the database backends on
    PostgreSQL) on the first core, the client threads about to start on the others, so that
    the client's own CPU (threads, a new TCP connection per request) is not taken from the
    server it measures. A worker or backend started later inherits its parent's cores."""
    cores = os.cpu_count() or 1
    if cores < 2:
        raise SystemExit("--pin needs two cores or more")
    for pid in server_pids:
        try:
            os.sched_setaffinity(pid, {0})
        except (ProcessLookupError, PermissionError) as exc:
            raise SystemExit(f"--pin: cannot pin process {pid}: {exc}") from exc
    os.sched_setaffinity(0, range(1, cores))  # this thread; the client threads inherit it


def http_case(case: str, server_pid: int, post, bodies: list[bytes], args) -> dict:
    path, expected = HTTP_CASES[case]
    for b in bodies[1 : 4 * args.http_workers]:  # warm every worker (and load the model)
        post(path, b)
    statuses: Counter = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + args.http_seconds

    def client(k: int) -> None:
        i = k
        local_lat, local_st = [], Counter()
        while time.perf_counter() < stop_at:
            t0 = time.perf_counter()
            try:
                st = post(path, bodies[i % len(bodies)])
            except OSError:
                st = 0
            local_lat.append((time.perf_counter() - t0) * 1000)
            local_st[st] += 1
            i += args.http_clients
        with lock:
            latencies.extend(local_lat)
            statuses.update(local_st)

    web_pids, db_pids = children_of(server_pid), database_backend_pids()
    server_pids = web_pids + db_pids
    if getattr(args, "pin", False):
        pin_apart([server_pid, *server_pids])
    cpu_before = {pid: process_cpu_seconds(pid) for pid in server_pids}
    client_before = time.process_time()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(args.http_clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - client_before
    if getattr(args, "pin", False):
        os.sched_setaffinity(0, range(os.cpu_count() or 1))
    # a worker may have opened its database connection during the run: count it from zero
    db_pids = sorted(set(db_pids) | set(database_backend_pids()))
    server_pids = web_pids + db_pids
    cpu_after = {pid: process_cpu_seconds(pid) for pid in server_pids}
    done = statuses.get(expected, 0)
    out = {
        "path": path,
        "seconds": round(elapsed, 2),
        "clients": args.http_clients,
        "workers": args.http_workers,
        "server": "jiesu serve" if args.serve else "gunicorn",
        "suggestions": case != "plain",
        "created": done,
        "requests_per_second": round(done / elapsed, 1),
        "tickets_per_second": round(done / elapsed, 1) if expected == 201 else None,
        "statuses": {str(k): v for k, v in statuses.items()},
        "latency_ms": summarise(latencies),
        "loadavg_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "pinned": bool(getattr(args, "pin", False)),
    }

    # CPU actually spent per request, whatever else the machine was doing: the web workers, the
    # database backends (PostgreSQL) and the load-generating client threads. From it, the
    # throughput the server side could reach on otherwise idle cores.
    def spent(pids: list[int]) -> float:
        return sum(max(0.0, cpu_after.get(p, 0.0) - cpu_before.get(p, 0.0)) for p in pids)

    if done:
        web_ms = spent(web_pids) / done * 1000
        db_ms = spent(db_pids) / done * 1000
        out["cpu_ms_per_ticket"] = {
            "web_workers": round(web_ms, 2),
            "database_backends": round(db_ms, 2),
            "client": round(client_cpu / done * 1000, 2),
        }
        out["server_ceiling_tickets_per_second_on_idle_cores"] = round(
            (os.cpu_count() or 1) * 1000 / (web_ms + db_ms), 1
        )
    lat = out["latency_ms"]
    print(
        f"  {'http ' + case:<26} {out['requests_per_second']:.1f} requests/s  ({done} in {elapsed:.1f} s,"
        f" statuses {dict(statuses)}; latency p50={lat['p50']} p95={lat['p95']} ms;"
        f" load {out['loadavg_1min']})",
        flush=True,
    )
    if "cpu_ms_per_ticket" in out:
        print(
            f"  {'':<26} CPU per request {out['cpu_ms_per_ticket']} ms → server-side ceiling on"
            f" {os.cpu_count()} idle cores ≈ {out['server_ceiling_tickets_per_second_on_idle_cores']}/s",
            flush=True,
        )
    return out


# --------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------


def environment() -> dict:
    from django.db import connection

    info = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "backend": connection.vendor,
    }
    root = Path(__file__).resolve().parent.parent
    try:
        info["git_commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "src"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        info["uncommitted_src_files"] = len(status.splitlines())
    except (OSError, subprocess.CalledProcessError):
        pass
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
            info["postgresql"] = cur.fetchone()[0]
        else:
            cur.execute("SELECT sqlite_version()")
            info["sqlite"] = cur.fetchone()[0]
    return info


def database_size() -> int | None:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_database_size(current_database())")
            return cur.fetchone()[0]
    path = Path(settings.DATABASES["default"]["NAME"])
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def http_cases(block: dict) -> dict:
    """The HTTP results of one size by case (older result files held one plain result)."""
    h = block.get("http") or {}
    if "tickets_per_second" in h or "error" in h:
        return {"suggestions" if h.get("suggestions") else "plain": h}
    return h


def print_table(report: dict) -> None:
    print("\n" + "=" * 96)
    print(
        f"backend: {report['environment']['backend']}   samples/op: {report['args']['samples']}   (ms)"
    )
    print(
        f"{'size':>10}  {'operation':<26} {'n':>4} {'p50':>9} {'p95':>9} {'p99':>9} {'max':>9}  {'q':>3}  budget"
    )
    for size, block in report["sizes"].items():
        for name, r in block.get("ops", {}).items():
            if "timed_out_after_ms" in r:
                print(
                    f"{int(size):>10,}  {name:<26} TIMED OUT (a call > {r['timed_out_after_ms'] / 1000:g} s)"
                    "  budget: NOT met"
                )
                continue
            budget = ""
            if budget_for(name):
                _text, limit, stat = budget_for(name)
                ok = r[stat] <= limit
                if int(size) >= 1_000_000:
                    budget = f"{stat} ≤ {limit:g}: {'met' if ok else 'NOT met'}"
                else:
                    budget = (
                        f"{stat} ≤ {limit:g} at 1 M: {'within so far' if ok else 'already over'}"
                    )
            print(
                f"{int(size):>10,}  {name:<26} {r['n']:>4} {r['p50']:>9.2f} {r['p95']:>9.2f} {r['p99']:>9.2f}"
                f" {r['max']:>9.2f}  {r.get('queries', ''):>3}  {budget}"
            )
        for case, h in http_cases(block).items():
            rps = h.get("requests_per_second", h.get("tickets_per_second"))
            if rps is None:
                print(f"{int(size):>10,}  {'http ' + case:<26} failed: {h.get('error')}")
                continue
            lat = h.get("latency_ms", {})
            print(
                f"{int(size):>10,}  {'http ' + case:<26} {rps:.1f}/s with {h['clients']} clients,"
                f" {h['workers']} workers; p50 {lat.get('p50')} / p95 {lat.get('p95')} ms"
            )
            if "cpu_ms_per_ticket" in h:
                print(
                    f"{'':>10}  {'':<26} CPU ms/request {h['cpu_ms_per_ticket']};"
                    f" server-side ceiling on idle cores ≈"
                    f" {h['server_ceiling_tickets_per_second_on_idle_cores']}/s"
                )
    print("=" * 96)


def print_markdown(report: dict) -> None:
    """The latency table as Markdown (for docs/benchmarks.md): one column group per size."""
    sizes = list(report["sizes"])
    head = " | ".join(f"{int(s):,}: p50 / p95 / p99 / max" for s in sizes)
    print(f"| operation | {head} |")
    print("| --- |" + " --- |" * len(sizes))
    names = list(dict.fromkeys(n for s in sizes for n in report["sizes"][s].get("ops", {})))
    for name in names:
        cells = []
        for s in sizes:
            r = report["sizes"][s].get("ops", {}).get(name)
            if r is None:
                cells.append("–")
            elif "timed_out_after_ms" in r:
                cells.append(f"**> {r['timed_out_after_ms'] / 1000:g} s (aborted)**")
            else:
                cells.append(f"{r['p50']:.1f} / {r['p95']:.1f} / {r['p99']:.1f} / {r['max']:.0f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    cases = list(dict.fromkeys(c for s in sizes for c in http_cases(report["sizes"][s])))
    for case in cases:
        cells = []
        for s in sizes:
            h = http_cases(report["sizes"][s]).get(case) or {}
            rps = h.get("requests_per_second", h.get("tickets_per_second"))
            if rps is None:
                cells.append("–")
                continue
            lat, cpu = h.get("latency_ms", {}), h.get("cpu_ms_per_ticket", {})
            cells.append(
                f"**{rps:.1f}/s**, p50 {lat.get('p50')} / p95 {lat.get('p95')} ms (CPU/request:"
                f" web {cpu.get('web_workers')} ms, db {cpu.get('database_backends')} ms)"
            )
        h0 = next(iter(http_cases(report["sizes"][sizes[0]]).values()), {})
        label = f"HTTP {case}, {h0.get('clients', '?')} clients, {h0.get('workers', '?')} workers"
        print(f"| {label} | " + " | ".join(cells) + " |")
    cells = [
        "/".join(f"{x:.1f}" for x in report["sizes"][s].get("loadavg_before", [])) or "–"
        for s in sizes
    ]
    print("| load average before (1/5/15 min) | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report:
        report = json.loads(Path(args.report).read_text())
        (print_markdown if args.markdown else print_table)(report)
        return 0
    data_dir = setup_django(args)
    from django.db import connection
    from django.utils import timezone

    from jiesu.tickets.models import Ticket

    ref = Reference()
    rng = random.Random(args.seed)
    report = {
        "script": "bench/intake_dispatch.py",
        "argv": sys.argv[1:] if argv is None else argv,
        "started": timezone.now().isoformat(),
        "args": {k: v for k, v in vars(args).items() if k != "database_url"}
        | {"database_url": args.database_url or "sqlite (temp dir)"},
        "environment": environment(),
        "sizes": {},
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    out_path = RESULTS_DIR / f"intake_dispatch-{connection.vendor}-{stamp}.json"
    print(
        f"database: {connection.vendor} ({args.database_url or data_dir}); results → {out_path}",
        flush=True,
    )
    try:
        for size in args.size_list:
            now = timezone.now()
            growth = grow_history(size, ref, args, now)
            total = Ticket.objects.count()
            print(
                f"\n== {total:,} tickets in history (inserted {growth['inserted']:,} in {growth['seconds']} s"
                f" + {growth.get('maintenance_seconds', 0)} s maintenance) ==",
                flush=True,
            )
            block = {"tickets": total, "growth": growth, "loadavg_before": os.getloadavg()}
            if not args.http_only:
                block.update(measure(size, ref, args, rng))
            block["loadavg_after_latency"] = os.getloadavg()
            if args.index_matters:
                block["matter_index"] = index_matters()
            if not args.no_http:
                if "model" not in report and set(args.case_list) - {"plain"}:
                    report["model"] = prepare_model(args, data_dir)
                    connection.close()
                try:
                    block["http"] = http_throughput(ref, args, rng, data_dir)
                except Exception as exc:  # report, keep the latency numbers
                    block["http"] = {"error": repr(exc)}
                    print(f"  http intake failed: {exc!r}", flush=True)
            block["database_bytes"] = database_size()
            report["sizes"][str(size)] = block
            report["finished"] = timezone.now().isoformat()
            out_path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    finally:
        connection.close()
        if not args.data_dir and not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    print_table(report)
    print(f"results: {out_path}")
    return 0


if __name__ == "__main__":
    # the product settings read their environment at import time; nothing Django is imported above
    sys.exit(main())
