#!/usr/bin/env python
"""The SLA sweep over many open assignments (DESIGN §10: "SLA sweep over 200 k open assignments:
≤ 30 s" on the 2-core machine).

    python bench/sla_sweep.py
    python bench/sla_sweep.py --database-url postgres://postgres@127.0.0.1:5432/jiesu_sweep_bench

The script sets up its own database: a SQLite file in a temporary directory, or the PostgreSQL
database named by --database-url (created if missing; dropped and re-created first, which it does
only when the name contains "bench" and is not jiesu_bench, the database of
bench/intake_dispatch.py). It runs the migrations, loads the demo city, then bulk-inserts (COPY on
PostgreSQL, executemany on SQLite):

- ``--history`` closed tickets over the past two years, with their answered assignments and
  events (the generator of bench/intake_dispatch.py, every open state turned into "closed"), so
  that the tables and their indexes have a realistic size;
- ``--open`` open tickets, each with one open assignment whose deadlines come from the product's
  rules (`jiesu.tickets.deadlines.compute` and the working-day calendar). At the benchmark's
  "now" (10:00 Asia/Shanghai on the latest working day, or --now) the assignments fall into
  buckets in the proportions of --shares: due for a sign warning, due for an answer warning,
  overdue on the sign clock (never signed), overdue on the answer clock, or not yet due. No mark
  has been written yet: the situation of a first sweep after a deployment or a long outage.

- ``--tasks`` supervision tasks (decision 0013) on open tickets: a third each escalations,
  supervisions and leaders' instructions, none answered, with feedback deadlines spread from five
  days before "now" to ten days after it, so some are overdue and a few due for a warning.

Then it times the real `jiesu.tickets.actions.sweep` (marks, events, `refresh_overdue_flags`, and
the marks of the supervision tasks):

- first       sweep(now): every mark due is written (the worst case);
- again       sweep(now) right after: nothing to do (the steady state, every minute);
- +1 h        sweep(now + 1 h), after an hour of work done directly in the database
              (--hour-signed assignments signed, --hour-answered answered): the realistic trickle.

Each sweep is checked (events written == marks expected, the second writes nothing), timed per
SQL statement kind, and compared with the 30 s budget. It prints a table and writes JSON to
bench/results/sla_sweep-<backend>-<time>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
from collections import Counter, defaultdict, deque
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

# the sibling benchmark script: only its helpers (nothing Django is imported at its top level)
import intake_dispatch as base
from intake_dispatch import (
    DETAILS,
    ESTATES,
    PHONE_POOL,
    SHANGHAI,
    STREETS,
    SURNAMES,
    TEXTS,
    HistoryGenerator,
    Reference,
    phone_for,
    weighted,
)

RESULTS_DIR = Path(__file__).resolve().parent / "results"
BUDGET_SECONDS = 30.0
PROTECTED_DATABASES = {"jiesu_bench"}  # bench/intake_dispatch.py's database: never dropped here

BUCKETS = ("sign_warning", "answer_warning", "sign_overdue", "answer_overdue", "not_due")
DEFAULT_SHARES = "sign_warning=3,answer_warning=5,sign_overdue=4,answer_overdue=13"
MARK_FLAGS = ("sign_overdue_at", "sign_warned_at", "answer_overdue_at", "answer_warned_at")
MARK_KINDS = {  # flag column -> event kind, as in jiesu.tickets.actions.sla.MARKS
    "sign_overdue_at": "sign_overdue",
    "sign_warned_at": "sign_warning",
    "answer_overdue_at": "answer_overdue",
    "answer_warned_at": "answer_warning",
}
SIGNED_STATUSES = (("handling", 75), ("reply_review", 20), ("return_review", 5))
OPEN_TICKET_STATES = {"accepted", "dispatched", "replied", "rehandling"}
MAX_ASSIGNMENTS_PER_TICKET = 3  # id ranges per batch, as in bench/intake_dispatch.py
MAX_EVENTS_PER_TICKET = 5


# --------------------------------------------------------------------------------------------
# set-up
# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--open", type=int, default=200_000, help="open assignments (one per ticket)")
    p.add_argument("--history", type=int, default=300_000, help="closed tickets in history")
    p.add_argument(
        "--shares",
        default=DEFAULT_SHARES,
        help="percent of open assignments per bucket at 'now' (the rest: not yet due); "
        f"buckets: {', '.join(BUCKETS[:-1])}",
    )
    p.add_argument(
        "--now",
        default="",
        help="the benchmark's 'now' (ISO 8601, Asia/Shanghai if naive); "
        "default: 10:00 on the latest working day that has begun",
    )
    p.add_argument(
        "--hour-signed",
        type=int,
        default=None,
        help="pending assignments signed in the simulated hour (default: 0.6 %% of --open)",
    )
    p.add_argument(
        "--hour-answered",
        type=int,
        default=None,
        help="open assignments answered in the simulated hour (default: 0.75 %% of --open)",
    )
    p.add_argument(
        "--database-url", default="", help="PostgreSQL URL; default: SQLite in a temp dir"
    )
    p.add_argument(
        "--data-dir", default="", help="JIESU_DATA_DIR (default: a new temporary directory)"
    )
    p.add_argument(
        "--keep", action="store_true", help="keep the temporary data directory (SQLite file)"
    )
    p.add_argument(
        "--drop-after", action="store_true", help="PostgreSQL: drop the database at the end"
    )
    p.add_argument(
        "--tasks",
        type=int,
        default=3_000,
        help="open supervision tasks (escalations, "
        "supervisions, instructions) without feedback, on open tickets",
    )
    p.add_argument("--batch", type=int, default=10_000, help="tickets per bulk-insert batch")
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--gen-workers", type=int, default=2, help="processes generating rows")
    p.add_argument(
        "--sqlite-analyze",
        action="store_true",
        help="SQLite: run ANALYZE after loading (the product does not)",
    )
    p.add_argument("--report", default="", help="only print the table of an earlier JSON result")
    p.add_argument("--markdown", action="store_true", help="with --report: a Markdown table")
    args = p.parse_args(argv)
    args.share_map = parse_shares(args.shares)
    if args.hour_signed is None:
        args.hour_signed = round(args.open * 0.006)
    if args.hour_answered is None:
        args.hour_answered = round(args.open * 0.0075)
    # what bench/intake_dispatch.py's set-up helpers read
    args.reuse = False
    args.no_vacuum = False
    return args


def parse_shares(text: str) -> dict[str, float]:
    shares = dict.fromkeys(BUCKETS, 0.0)
    for part in filter(None, (s.strip() for s in text.split(","))):
        name, _, value = part.partition("=")
        if name not in BUCKETS[:-1]:
            raise SystemExit(f"--shares: unknown bucket {name!r} (one of {BUCKETS[:-1]})")
        shares[name] = float(value)
    rest = 100.0 - sum(shares.values())
    if rest < 0:
        raise SystemExit("--shares add up to more than 100")
    shares["not_due"] = rest
    return shares


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def setup(args: argparse.Namespace) -> str:
    if args.database_url:
        name = database_name(args.database_url)
        if name in PROTECTED_DATABASES or "bench" not in name:
            raise SystemExit(
                f"refusing to drop and re-create database {name!r}: use a name containing 'bench'"
                f" other than {', '.join(sorted(PROTECTED_DATABASES))}, e.g. jiesu_sweep_bench"
            )
    # creates / re-creates the database, migrates, loads the demo city
    return base.setup_django(args)


def default_now() -> datetime:
    """10:00 Asia/Shanghai on the latest working day whose 10:00 has passed."""
    from jiesu.workdays.loader import get_calendar

    cal = get_calendar()
    local_now = datetime.now(tz=SHANGHAI)
    day = local_now.date()
    while True:
        at = datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)
        if cal.is_workday(day) and at <= local_now:
            return at
        day -= timedelta(days=1)


def parse_now(text: str) -> datetime:
    at = datetime.fromisoformat(text)
    return at if at.tzinfo else at.replace(tzinfo=SHANGHAI)


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------


class SweepGenerator(HistoryGenerator):
    """Closed history (bench/intake_dispatch.py's generator, open states turned into closed)
    and open tickets with one open assignment each, in controlled deadline buckets."""

    def __init__(
        self,
        ref: Reference,
        *,
        sqlite: bool,
        seed: int,
        now: datetime,
        lead: timedelta,
        shares: dict[str, float],
    ) -> None:
        from django.conf import settings

        super().__init__(ref, sqlite=sqlite, seed=seed, now=now)
        self.lead = lead
        self.bucket_names = [b for b in BUCKETS if shares[b] > 0]
        self.bucket_cum = list(itertools.accumulate(shares[b] for b in self.bucket_names))
        self.sign_days = settings.JIESU_SIGN_WORKING_DAYS
        self.answer_days = settings.JIESU_ANSWER_WORKING_DAYS
        self.urgent_sign = timedelta(hours=settings.JIESU_URGENT_SIGN_HOURS)
        self.urgent_answer = timedelta(hours=settings.JIESU_URGENT_ANSWER_HOURS)
        self.signed_statuses = weighted(SIGNED_STATUSES)

    # closed history -----------------------------------------------------------------------

    def status_for(self, appeal: str, age_days: float) -> str:
        status = super().status_for(appeal, age_days)
        return "closed" if status in OPEN_TICKET_STATES else status

    # open assignments ---------------------------------------------------------------------

    def classify(self, status: str, sign: datetime, answer: datetime) -> str:
        """The bucket, in the sweep's own terms (jiesu.tickets.actions.sla._due)."""
        now, horizon = self.now, self.now + self.lead
        pending = status == "pending_sign"
        if pending and sign < now:
            return "sign_overdue"
        if answer < now:
            return "answer_overdue"
        if pending and sign <= horizon:
            return "sign_warning"
        if answer <= horizon:
            return "answer_warning"
        return "not_due"

    def marks_due(self, status: str, sign: datetime, answer: datetime) -> list[str]:
        """The marks the first sweep must write for one assignment (every flag is still NULL)."""
        now, horizon = self.now, self.now + self.lead
        out = []
        if status == "pending_sign":
            if sign < now:
                out.append("sign_overdue")
            elif sign <= horizon:
                out.append("sign_warning")
        if answer < now:
            out.append("answer_overdue")
        elif answer <= horizon:
            out.append("answer_warning")
        return out

    def working_days_before(self, t: datetime, n: int) -> datetime | None:
        """The dispatch time whose n-working-day deadline is t (None if t is on a day off)."""
        local = t.astimezone(SHANGHAI)
        day = local.date()
        if not self.calendar.is_workday(day):
            return None
        for _ in range(n):
            day -= timedelta(days=1)
            while not self.calendar.is_workday(day):
                day -= timedelta(days=1)
        return datetime.combine(day, local.timetz())

    def dispatch_for(self, deadline: datetime, clock: str, appeal: str, urgent: bool):
        if urgent:
            return deadline - (self.urgent_sign if clock == "sign" else self.urgent_answer)
        days = self.sign_days if clock == "sign" else self.answer_days[appeal]
        return self.working_days_before(deadline, days)

    def natural_dispatch(self) -> datetime:
        """A dispatch in the last ten days, at hotline hours."""
        rng = self.rng
        local_now = self.now.astimezone(SHANGHAI)
        day = local_now.date() - timedelta(days=rng.randrange(10))
        hour = rng.choices(range(24), weights=base.HOUR_WEIGHTS)[0]
        return datetime(
            day.year,
            day.month,
            day.day,
            hour,
            rng.randrange(60),
            rng.randrange(60),
            rng.randrange(10**6),
            tzinfo=SHANGHAI,
        )

    def lag(self, short: float, weights: tuple[float, float, float]) -> timedelta:
        """How late: within ``short`` days, up to 10 days, or up to 60 days."""
        rng = self.rng
        r = rng.random() * sum(weights)
        if r < weights[0]:
            days = rng.uniform(0, short)
        elif r < weights[0] + weights[1]:
            days = rng.uniform(short, 10)
        else:
            days = rng.uniform(10, 60)
        return timedelta(days=days)

    def propose(self, bucket: str, appeal: str, urgent: bool):
        """(dispatched_at, assignment status) for one try at ``bucket``; None: try again."""
        rng, now = self.rng, self.now
        pending = "pending_sign"
        values, cum = self.signed_statuses
        signed = rng.choices(values, cum_weights=cum)[0]
        if bucket == "sign_warning":
            deadline = now + self.lead * rng.random()
            return self.dispatch_for(deadline, "sign", appeal, urgent), pending
        if bucket == "answer_warning":
            deadline = now + self.lead * rng.random()
            return self.dispatch_for(deadline, "answer", appeal, urgent), signed
        if bucket == "sign_overdue":  # mostly hours late, some days, a few weeks
            deadline = now - self.lag(1, (70, 25, 5))
            return self.dispatch_for(deadline, "sign", appeal, urgent), pending
        if bucket == "answer_overdue":
            deadline = now - self.lag(2, (50, 35, 15))
            return self.dispatch_for(deadline, "answer", appeal, urgent), signed
        dispatched = self.natural_dispatch()
        if dispatched >= now:
            return None, None
        age = (now - dispatched).total_seconds() / 86400
        if age < 1 and rng.random() < 0.5:
            return dispatched, pending
        return dispatched, (pending if rng.random() < 0.08 else signed)

    def open_batch(self, first_id: int, count: int, first_aid: int, first_eid: int, seed: int):
        self.rng = random.Random(seed)
        rng, ref, now = self.rng, self.ref, self.now
        tickets, assignments, events = [], [], []
        stats: Counter = Counter()
        aid, eid = first_aid, first_eid
        ch_values, ch_cum = self.channels
        ap_values, ap_cum = self.appeals
        for tid in range(first_id, first_id + count):
            bucket = rng.choices(self.bucket_names, cum_weights=self.bucket_cum)[0]
            region = rng.choices(ref.regions, cum_weights=ref.region_cum)[0]
            category = rng.choices(ref.categories, cum_weights=ref.category_cum)[0]
            appeal = rng.choices(ap_values, cum_weights=ap_cum)[0]
            channel = rng.choices(ch_values, cum_weights=ch_cum)[0]
            urgent = category.utility or rng.random() < 0.01
            for _attempt in range(1000):
                dispatched, status = self.propose(bucket, appeal, urgent)
                if dispatched is None:
                    continue
                clocks = self.compute(
                    dispatched_at=dispatched,
                    clock_started_at=dispatched,
                    appeal_type=appeal,
                    urgent=urgent,
                    calendar=self.calendar,
                )
                signed_at = None
                if status != "pending_sign":
                    window = clocks.sign_deadline - dispatched
                    signed_at = dispatched + window * rng.uniform(0.05, 0.95)
                    if signed_at >= now:
                        continue
                if self.classify(status, clocks.sign_deadline, clocks.answer_deadline) == bucket:
                    break
            else:
                raise RuntimeError(f"could not place an assignment in bucket {bucket}")
            stats[f"bucket:{bucket}"] += 1
            stats["urgent"] += urgent
            stats[f"status:{status}"] += 1
            marks = self.marks_due(status, clocks.sign_deadline, clocks.answer_deadline)
            for mark in marks:
                stats[f"mark:{mark}"] += 1
            stats["late_tickets"] += any(m.endswith("overdue") for m in marks)
            for hours in (1, 24):  # what a sweep later on will find newly due
                later = now + timedelta(hours=hours)
                stats[f"newly_due_within_{hours}h"] += bool(
                    not marks
                    and (
                        (status == "pending_sign" and clocks.sign_deadline <= later + self.lead)
                        or clocks.answer_deadline <= later + self.lead
                    )
                )
            created = dispatched - timedelta(seconds=rng.randrange(120, 3 * 3600))
            main_id, _assists = ref.routes[(category.pk, region.pk)]
            intake_unit = ref.city_platform
            if region.pk in ref.county_platform and rng.random() < 0.15:
                intake_unit = ref.county_platform[region.pk]
            if appeal == "consult_general":
                dclass, track = "A", "online"
            elif urgent:
                dclass, track = "A", "fast"
            else:
                dclass, track = ("B" if rng.random() < 0.05 else "A"), "time_limited"
            anonymous = rng.random() < 0.04
            subject = rng.choice(TEXTS[category.code])
            address = (
                f"{region.name}{rng.choice(STREETS)}{rng.randrange(1, 300)}号{rng.choice(ESTATES)}"
            )
            has_geo = rng.random() < 0.6
            tickets.append(
                (
                    tid,
                    created.astimezone(SHANGHAI).date(),
                    f"{rng.randrange(10**6):06d}",
                    channel,
                    "" if anonymous else rng.choice(SURNAMES) + rng.choice(("先生", "女士")),
                    "" if anonymous else phone_for(int(PHONE_POOL * rng.random() ** 3)),
                    "",
                    anonymous,
                    rng.random() < 0.03,
                    subject,
                    f"{address}：{subject}，{rng.choice(DETAILS)}，{rng.choice(DETAILS)}。",
                    appeal,
                    urgent,
                    rng.random() < 0.05,
                    region.pk,
                    address,
                    round(30.15 + rng.random() * 0.15, 6) if has_geo else None,
                    round(114.95 + rng.random() * 0.25, 6) if has_geo else None,
                    category.pk,
                    dclass,
                    track,
                    "dispatched",
                    None,
                    rng.random() < 0.01,
                    rng.random() < 0.005,
                    0,
                    "",
                    intake_unit.pk,
                    ref.operator_id,
                    self.ts(created),
                    None,
                )
            )
            assignments.append(
                (
                    aid,
                    tid,
                    main_id,
                    "main",
                    None,
                    status,
                    ref.dispatcher_id,
                    self.ts(dispatched),
                    self.ts(dispatched),
                    self.ts(clocks.sign_deadline),
                    self.ts(clocks.answer_deadline),
                    0,
                    self.ts(signed_at),
                    None,
                    None,
                    None,
                    None,
                    None,
                )
            )
            ev = [
                (created, "intake", None, ref.operator_id, "operator", "operator", intake_unit.pk,
                 {"channel": channel, "appeal_type": appeal, "urgent": urgent,
                  "category": category.code, "region": region.code, "dispatch_class": dclass,
                  "track": track}),
                (dispatched, "dispatched", aid, ref.dispatcher_id, "dispatcher",
                 "platform_dispatcher", ref.city_platform.pk,
                 {"unit": ref.units[main_id].code, "role": "main", "from_unit": "city-platform",
                  "parent": None, "appeal_type": appeal, "urgent": urgent,
                  "sign_deadline": clocks.sign_deadline.isoformat(),
                  "answer_deadline": clocks.answer_deadline.isoformat()}),
            ]  # fmt: skip
            if signed_at is not None:
                ev.append((signed_at, "signed", aid, None, "handler", "unit_handler", main_id, {}))
            for at, kind, a, actor_id, name, role, unit_id, data in ev:
                events.append(
                    (eid, tid, a, kind, self.ts(at), actor_id, name, role, unit_id, self.js(data))
                )
                eid += 1
            aid += 1
        return tickets, assignments, events, stats


_GENERATOR: SweepGenerator | None = None  # set in the parent before the worker processes fork


def _generate(task):
    phase, first_id, count, first_aid, first_eid, seed = task
    if phase == "history":
        return (*_GENERATOR.batch(first_id, count, first_aid, first_eid, seed), Counter())
    return _GENERATOR.open_batch(first_id, count, first_aid, first_eid, seed)


def generate(args, ref: Reference, now: datetime, lead: timedelta) -> dict:
    """Bulk-insert the closed history, then the open tickets; one transaction per batch."""
    global _GENERATOR
    from django.db import connection, transaction
    from tqdm import tqdm

    sqlite = connection.vendor == "sqlite"
    _GENERATOR = SweepGenerator(
        ref, sqlite=sqlite, seed=args.seed, now=now, lead=lead, shares=args.share_map
    )
    tables, counters, (next_ticket, next_assignment, next_event) = base.bulk_load_state(sqlite)
    before = dict(counters)
    tasks = []
    for phase, total in (("history", args.history), ("open", args.open)):
        done = 0
        while done < total:
            n = min(args.batch, total - done)
            tasks.append(
                (phase, next_ticket, n, next_assignment, next_event,
                 args.seed * 1_000_003 + next_ticket)
            )  # fmt: skip
            next_ticket += n
            next_assignment += n * MAX_ASSIGNMENTS_PER_TICKET
            next_event += n * MAX_EVENTS_PER_TICKET
            done += n
    if sqlite:  # bulk-load settings for this connection only; it is closed afterwards
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA cache_size=-262144")
    started = time.perf_counter()
    dropped = base.drop_secondary_indexes([t.name for t in tables])
    rows: Counter = Counter()
    stats: Counter = Counter()
    try:
        with multiprocessing.get_context("fork").Pool(max(1, args.gen_workers)) as pool:
            pending: deque = deque()
            queue = iter(tasks)
            for task in itertools.islice(queue, 2 * max(1, args.gen_workers)):
                pending.append((task[0], pool.apply_async(_generate, (task,))))
            bars: dict[str, tqdm] = {}
            while pending:
                phase, job = pending.popleft()
                t_rows, a_rows, e_rows, batch_stats = job.get()
                for task in itertools.islice(queue, 1):
                    pending.append((task[0], pool.apply_async(_generate, (task,))))
                if phase not in bars:
                    for bar in bars.values():
                        bar.close()
                    total = args.history if phase == "history" else args.open
                    label = "closed history" if phase == "history" else "open assignments"
                    bars[phase] = tqdm(total=total, desc=label, unit="ticket", unit_scale=True)
                numbered = []
                for row in t_rows:
                    day = row[1]
                    counters[day] = seq = counters.get(day, 0) + 1
                    numbered.append((row[0], f"{day:%Y%m%d}-{seq:06d}", *row[2:]))
                with transaction.atomic():
                    raw = connection.connection.cursor() if sqlite else connection.cursor().cursor
                    for table, batch in zip(tables, (numbered, a_rows, e_rows), strict=True):
                        table.insert(raw, batch)
                rows[f"{phase}_tickets"] += len(t_rows)
                rows[f"{phase}_assignments"] += len(a_rows)
                rows[f"{phase}_events"] += len(e_rows)
                stats.update(batch_stats)
                bars[phase].update(len(t_rows))
            for bar in bars.values():
                bar.close()
    finally:
        t0 = time.perf_counter()
        base.recreate_indexes(dropped)
        index_seconds = time.perf_counter() - t0
    base.save_counters_and_sequences(counters, before)
    insert_seconds = time.perf_counter() - started
    maintenance = base.analyse_after_load([t.name for t in tables], args)
    connection.close()
    return {
        "rows": dict(rows),
        "open_stats": dict(sorted(stats.items())),
        "seconds": round(insert_seconds, 1),
        "of_which_index_rebuild_seconds": round(index_seconds, 1),
        "maintenance_seconds": round(maintenance, 1),
    }


def table_counts() -> dict:
    from django.db.models import Count

    from jiesu.tickets.choices import OPEN_ASSIGNMENT_STATUSES
    from jiesu.tickets.models import Assignment, Event, Ticket

    by_status = dict(
        Assignment.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {
        "tickets": Ticket.objects.count(),
        "assignments": sum(by_status.values()),
        "open_assignments": sum(by_status.get(s, 0) for s in OPEN_ASSIGNMENT_STATUSES),
        "assignments_by_status": by_status,
        "events": Event.objects.count(),
    }


def simulate_hour(args, now: datetime) -> dict:
    """An hour of work between two sweeps, done directly in the database (not through the
    product's actions, which would write their own events): some pending assignments signed,
    some open ones answered (their ticket then 'replied')."""
    from django.db import transaction

    from jiesu.tickets.choices import OPEN_ASSIGNMENT_STATUSES
    from jiesu.tickets.models import Assignment, Ticket

    rng = random.Random(args.seed + 1)
    rows = list(
        Assignment.objects.filter(status__in=OPEN_ASSIGNMENT_STATUSES)
        .order_by("pk")
        .values_list("pk", "ticket_id", "status")
    )
    pending = [r for r in rows if r[2] == "pending_sign"]
    signed = [r for r in rows if r[2] != "pending_sign"]
    to_sign = rng.sample(pending, min(args.hour_signed, len(pending)))
    to_answer = rng.sample(signed, min(args.hour_answered, len(signed)))
    t0 = time.perf_counter()
    with transaction.atomic():
        for chunk in chunks(to_sign, 500):
            at = now + timedelta(seconds=rng.randrange(3600))
            Assignment.objects.filter(pk__in=[r[0] for r in chunk], status="pending_sign").update(
                status="handling", signed_at=at
            )
        for chunk in chunks(to_answer, 500):
            at = now + timedelta(seconds=rng.randrange(3600))
            Assignment.objects.filter(pk__in=[r[0] for r in chunk]).update(
                status="answered", answered_at=at
            )
            Ticket.objects.filter(pk__in=[r[1] for r in chunk]).update(status="replied")
    return {
        "signed": len(to_sign),
        "answered": len(to_answer),
        "seconds": round(time.perf_counter() - t0, 2),
    }


def chunks(seq: list, n: int):
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


# --------------------------------------------------------------------------------------------
# measurement
# --------------------------------------------------------------------------------------------


class StatementTimer:
    """Time of every SQL statement the sweep runs, by kind (an execute wrapper)."""

    def __init__(self) -> None:
        self.stats: dict[str, list] = defaultdict(lambda: [0, 0.0, 0.0])
        self.samples: dict[str, tuple[str, tuple]] = {}
        self.flag = ""

    def key(self, sql: str, params) -> str:
        text = sql.lstrip()
        for flag in MARK_FLAGS:
            if f'"{flag}" IS NULL' in text:
                self.flag = flag
                break
        if '"supervision_' in text:  # the supervision tasks' marks (escalations, …)
            self.flag = "tasks"
        kind = MARK_KINDS.get(self.flag, "tasks" if self.flag == "tasks" else "?")
        if text.startswith("SELECT") and '"supervision_' in text:
            return "select due rows (tasks)"
        if text.startswith('UPDATE "supervision_'):
            return "set mark (tasks)"
        if text.startswith("SELECT") and '"tickets_assignment"' in text:
            return f"select due rows ({kind})"
        if text.startswith('UPDATE "tickets_assignment"'):
            return f"set mark ({kind})"
        if text.startswith('INSERT INTO "tickets_event"'):
            return f"insert events ({kind})"
        if text.startswith('UPDATE "tickets_ticket"'):
            value = params[0] if params else None
            return "ticket.overdue: set" if value in (True, 1) else "ticket.overdue: clear"
        return "other (savepoints, …)"

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - t0
            key = self.key(sql, params)
            entry = self.stats[key]
            entry[0] += 1
            entry[1] += spent
            entry[2] = max(entry[2], spent)
            if key not in self.samples and not key.startswith("insert"):
                self.samples[key] = (sql, tuple(params or ()))

    @contextlib.contextmanager
    def commits(self, connection):
        """Time the commits too (the end of each batch's transaction)."""
        original = connection._commit

        def timed_commit():
            t0 = time.perf_counter()
            try:
                return original()
            finally:
                entry = self.stats["commit"]
                spent = time.perf_counter() - t0
                entry[0] += 1
                entry[1] += spent
                entry[2] = max(entry[2], spent)

        connection._commit = timed_commit
        try:
            yield
        finally:
            del connection._commit

    def report(self) -> dict:
        return {
            k: {"statements": n, "seconds": round(s, 3), "slowest_seconds": round(m, 3)}
            for k, (n, s, m) in sorted(self.stats.items(), key=lambda kv: -kv[1][1])
        }


def task_mark_kinds() -> list[str]:
    """The event kinds of the supervision tasks' marks, as registered with the sweep."""
    from jiesu.tickets.actions.sla import ROW_MARKS

    return [str(m.kind) for m in ROW_MARKS]


def sla_event_count() -> int:
    from jiesu.tickets.models import Event

    return Event.objects.filter(kind__in=[*MARK_KINDS.values(), *task_mark_kinds()]).count()


def add_tasks(args, now: datetime) -> dict:
    """``--tasks`` open supervision tasks on open tickets, deadlines from now - 5 d to now + 10 d."""
    from django.db import transaction

    from jiesu.supervision.choices import EscalationLevel
    from jiesu.supervision.models import Escalation, Instruction, Supervision
    from jiesu.tickets.models import Ticket

    rng = random.Random(args.seed + 13)
    ids = list(
        Ticket.objects.exclude(status="closed")
        .order_by("pk")
        .values_list("pk", flat=True)[: args.tasks]
    )
    rows: dict[str, list] = {"escalation": [], "supervision": [], "instruction": []}
    for i, tid in enumerate(ids):
        deadline = now + timedelta(days=rng.uniform(-5, 10))
        at = deadline - timedelta(days=7)
        if i % 3 == 0:
            rows["escalation"].append(Escalation(
                ticket_id=tid, level=EscalationLevel.UNIT_LEADERSHIP, reason="基准", at=at,
                deadline=deadline,
            ))  # fmt: skip
        elif i % 3 == 1:
            rows["supervision"].append(Supervision(
                ticket_id=tid, reason="基准", deadline=deadline, opened_at=at
            ))  # fmt: skip
        else:
            rows["instruction"].append(Instruction(
                ticket_id=tid, leader="基准", content="基准", at=at, deadline=deadline
            ))  # fmt: skip
    with transaction.atomic():
        for model, batch in zip((Escalation, Supervision, Instruction), rows.values(), strict=True):
            model.objects.bulk_create(batch, batch_size=1000)
    return {k: len(v) for k, v in rows.items()}


def timed_sweep(label: str, at: datetime, expected: dict | None = None) -> tuple[dict, dict]:
    from django.db import connection

    from jiesu.tickets.actions import sweep

    events_before = sla_event_count()
    timer = StatementTimer()
    batches: Counter = Counter()
    backend_pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            backend_pid = cur.fetchone()[0]
    db_cpu_before = base.process_cpu_seconds(backend_pid) if backend_pid else 0.0
    cpu_before = time.process_time()
    load = os.getloadavg()
    print(f"  sweep {label!r} at {at.isoformat()} (load average {load[0]:.2f}) …", flush=True)
    with connection.execute_wrapper(timer), timer.commits(connection):
        t0 = time.perf_counter()
        result = sweep(now=at, progress=lambda kind, n: batches.update({str(kind): 1}))
        seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu_before
    db_cpu = base.process_cpu_seconds(backend_pid) - db_cpu_before if backend_pid else None
    written = sla_event_count() - events_before
    statements = timer.report()
    out = {
        "label": label,
        "now": at.isoformat(),
        "loadavg_before": list(load),
        "loadavg_after": list(os.getloadavg()),
        "seconds": round(seconds, 2),
        "within_budget": seconds <= BUDGET_SECONDS,
        # CPU used by this process (on SQLite: including the database work) and, on PostgreSQL,
        # by its server backend; wall time beyond both is waiting (for a core, the disk, locks)
        "cpu_seconds_python": round(cpu, 2),
        "cpu_seconds_db_backend": None if db_cpu is None else round(db_cpu, 2),
        "events_written": result.total,
        "events_in_table_delta": written,
        "by_kind": {str(k): v for k, v in result.counts.items()},
        "batches": dict(batches),
        "overdue_flags_set": result.flagged,
        "overdue_flags_cleared": result.cleared,
        "seconds_in_sql_and_commits": round(sum(s["seconds"] for s in statements.values()), 2),
        "seconds_overdue_flags": round(
            sum(s["seconds"] for k, s in statements.items() if k.startswith("ticket.overdue")), 2
        ),
        "statements": statements,
    }
    checks = {"events_in_table_match_result": written == result.total}
    for kind, n in (expected or {}).items():
        if kind in MARK_KINDS.values() or kind in task_mark_kinds():
            checks[f"{kind}=={n}"] = out["by_kind"].get(kind, 0) == n
        elif kind == "flagged":
            checks[f"flagged=={n}"] = result.flagged == n
    out["checks"] = checks
    out["checks_ok"] = all(checks.values())
    print(
        f"    {seconds:.2f} s, {result.total:,} events "
        + ", ".join(f"{k} {v:,}" for k, v in out["by_kind"].items())
        + f"; overdue flags +{result.flagged:,} / -{result.cleared:,}"
        + ("" if out["checks_ok"] else f"   CHECK FAILED: {checks}"),
        flush=True,
    )
    return out, timer.samples


def explain_samples(samples: dict[str, tuple[str, tuple]]) -> dict[str, str]:
    """Plans (without executing) of the statements of one sweep, for the record."""
    from django.db import connection, transaction

    plans = {}
    with transaction.atomic(), connection.cursor() as cur:
        for key, (sql, params) in samples.items():
            if not (key.startswith("select") or key.startswith("ticket")):
                continue
            if connection.vendor == "postgresql":
                cur.execute("EXPLAIN " + sql, params)
                plans[key] = "\n".join(r[0] for r in cur.fetchall())
            else:
                cur.execute("EXPLAIN QUERY PLAN " + sql, params)
                plans[key] = "\n".join(f"{r[0]}|{r[1]}|{r[3]}" for r in cur.fetchall())
    return plans


def due_now(at: datetime) -> dict:
    """How many assignments each mark would pick at ``at`` (the sweep's own filters), and the
    tickets whose overdue flag differs from the truth."""
    from django.conf import settings

    from jiesu.tickets.actions.sla import MARKS, ROW_MARKS, _due, _row_due
    from jiesu.tickets.models import Assignment, Ticket

    lead = timedelta(hours=settings.JIESU_WARNING_LEAD_HOURS)
    out = {str(m.kind): Assignment.objects.filter(_due(m, at, lead)).count() for m in MARKS}
    out |= {str(m.kind): m.model.objects.filter(_row_due(m, at, lead)).count() for m in ROW_MARKS}
    late = Assignment.objects.late(at).values("ticket_id")
    out["flagged"] = Ticket.objects.filter(overdue=False, pk__in=late).count()
    out["cleared"] = Ticket.objects.filter(overdue=True).exclude(pk__in=late).count()
    return out


# --------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------


def cpu_text(s: dict) -> str:
    if "cpu_seconds_python" not in s:
        return "–"
    db = s.get("cpu_seconds_db_backend")
    return f"{s.get('cpu_seconds_python', 0):.1f}" + ("" if db is None else f" + {db:.1f}")


def print_table(report: dict) -> None:
    env = report["environment"]
    data = report["data"]
    print("\n" + "=" * 112)
    print(
        f"backend: {env['backend']} {env.get('postgresql') or env.get('sqlite', '')}   "
        f"open assignments: {data['open_assignments']:,}   tickets: {data['tickets']:,}   "
        f"budget: ≤ {BUDGET_SECONDS:g} s   (cpu: python [+ db backend])"
    )
    print(
        f"{'sweep':<6} {'seconds':>8} {'(flags)':>7} {'cpu':>11} {'events':>7}  {'sign ovd':>8}"
        f" {'sign wrn':>8} {'ans ovd':>8} {'ans wrn':>8} {'tasks':>6}  {'flag+':>6} {'flag-':>5}"
        f"  {'load':>5}  budget"
    )
    for s in report["sweeps"]:
        k = s["by_kind"]
        tasks = sum(v for kind, v in k.items() if kind not in MARK_KINDS.values())
        print(
            f"{s['label']:<6} {s['seconds']:>8.2f} {s['seconds_overdue_flags']:>7.2f}"
            f" {cpu_text(s):>11} {s['events_written']:>7,}  {k.get('sign_overdue', 0):>8,}"
            f" {k.get('sign_warning', 0):>8,} {k.get('answer_overdue', 0):>8,}"
            f" {k.get('answer_warning', 0):>8,} {tasks:>6,}  {s['overdue_flags_set']:>6,}"
            f" {s['overdue_flags_cleared']:>5,}  {s['loadavg_before'][0]:>5.2f}"
            f"  {'met' if s['within_budget'] else 'NOT met'}"
            + ("" if s.get("checks_ok", True) else "  (CHECK FAILED)")
        )
    print("=" * 112)


def print_markdown(report: dict) -> None:
    env = report["environment"]
    pg = env["backend"] == "postgresql"
    print(f"{env['backend']} {env.get('postgresql') or env.get('sqlite', '')}:\n")
    print(
        "| sweep | seconds | of which `refresh_overdue_flags` | CPU s ("
        + ("Python + PostgreSQL backend" if pg else "process, incl. SQLite")
        + ") | events written | sign overdue / warning | answer overdue / warning"
        " | task marks | `Ticket.overdue` set / cleared | load avg before (1/5/15) | ≤ 30 s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    names = {"first": "first (every due mark)", "again": "again at once", "+1h": "one hour later"}
    for s in report["sweeps"]:
        k = s["by_kind"]
        tasks = sum(v for kind, v in k.items() if kind not in MARK_KINDS.values())
        print(
            f"| {names.get(s['label'], s['label'])} | {s['seconds']:.2f}"
            f" | {s['seconds_overdue_flags']:.2f} | {cpu_text(s)}"
            f" | {s['events_written']:,} | {k.get('sign_overdue', 0):,} / {k.get('sign_warning', 0):,}"
            f" | {k.get('answer_overdue', 0):,} / {k.get('answer_warning', 0):,} | {tasks:,}"
            f" | {s['overdue_flags_set']:,} / {s['overdue_flags_cleared']:,}"
            f" | {' / '.join(f'{x:.1f}' for x in s['loadavg_before'])}"
            f" | {'met' if s['within_budget'] else '**NOT met**'} |"
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report:
        report = json.loads(Path(args.report).read_text())
        (print_markdown if args.markdown else print_table)(report)
        return 0
    data_dir = setup(args)
    from django.conf import settings
    from django.db import connection

    now = parse_now(args.now) if args.now else default_now()
    lead = timedelta(hours=settings.JIESU_WARNING_LEAD_HOURS)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    out_path = RESULTS_DIR / f"sla_sweep-{connection.vendor}-{stamp}.json"
    print(
        f"database: {connection.vendor} ({args.database_url or data_dir}); now = "
        f"{now.isoformat()} ({now:%A}); results → {out_path}",
        flush=True,
    )
    report = {
        "script": "bench/sla_sweep.py",
        "argv": sys.argv[1:] if argv is None else argv,
        "started": datetime.now(tz=UTC).isoformat(),
        "args": {k: v for k, v in vars(args).items() if k not in ("database_url", "share_map")}
        | {"database_url": args.database_url or "sqlite (temp dir)", "shares": args.share_map},
        "now": now.isoformat(),
        "warning_lead_hours": settings.JIESU_WARNING_LEAD_HOURS,
        "environment": base.environment(),
    }
    try:
        ref = Reference()
        print(f"generating {args.history:,} closed + {args.open:,} open tickets …", flush=True)
        report["generation"] = generate(args, ref, now, lead)
        report["tasks"] = add_tasks(args, now)
        report["data"] = table_counts()
        report["database_bytes"] = base.database_size()
        stats = report["generation"]["open_stats"]
        expected = {k.removeprefix("mark:"): v for k, v in stats.items() if k.startswith("mark:")}
        expected["flagged"] = stats.get("late_tickets", 0)
        expected |= {k: v for k, v in due_now(now).items() if k in task_mark_kinds()}
        print(
            "open assignments by bucket at now: "
            + ", ".join(f"{b} {stats.get(f'bucket:{b}', 0):,}" for b in BUCKETS)
            + f"; marks due: {expected}",
            flush=True,
        )
        sweeps = report["sweeps"] = []
        first, _ = timed_sweep("first", now, expected)
        sweeps.append(first)
        again, samples = timed_sweep(
            "again",
            now,
            dict.fromkeys([*MARK_KINDS.values(), *task_mark_kinds()], 0) | {"flagged": 0},
        )
        sweeps.append(again)
        report["plans_steady_state"] = explain_samples(samples)
        report["hour_of_work"] = simulate_hour(args, now)
        later = now + timedelta(hours=1)
        expected_later = due_now(later)
        report["due_at_plus_1h"] = expected_later
        hour, _ = timed_sweep(
            "+1h", later, {k: v for k, v in expected_later.items() if k != "cleared"}
        )
        hour["checks"]["cleared==" + str(expected_later["cleared"])] = (
            hour["overdue_flags_cleared"] == expected_later["cleared"]
        )
        hour["checks_ok"] = all(hour["checks"].values())
        sweeps.append(hour)
        report["finished"] = datetime.now(tz=UTC).isoformat()
        out_path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    finally:
        connection.close()
        if args.database_url and args.drop_after:
            drop_database(args.database_url)
        if not args.data_dir and not args.keep:  # the temporary directory this run made
            shutil.rmtree(data_dir, ignore_errors=True)
    print_table(report)
    return 0 if all(s["checks_ok"] for s in report["sweeps"]) else 1


def drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = database_name(url)
    if name in PROTECTED_DATABASES or "bench" not in name:
        return
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


if __name__ == "__main__":
    # the product settings read their environment at import time; nothing Django is imported above
    sys.exit(main())
