#!/usr/bin/env python
"""Knowledge search: top-5 hit rate on plain-spoken caller questions about the gazettes in
../shared/seeds, and search latency with 10 k documents (DESIGN §10, issue 10: ≥ 90 %, ≤ 100 ms).

    python bench/knowledge.py
    python bench/knowledge.py --database-url postgres://postgres@127.0.0.1:5432/jiesu_kb_bench

It sets up its own database (a SQLite file in a temporary directory, or the PostgreSQL database
named, dropped and re-created first, only when its name contains "bench"), imports the seeds
with `jiesu kb import`'s action, and:

1. asks every question of ``jiesu.knowledge.tests.caller_questions`` (a hit: a passage of the
   expected document holding the expected phrase in the top 5), and the same with a plain BM25
   over jieba words (no dictionary, no synonyms, no title weight) for comparison;
2. adds synthetic documents up to ``--documents`` (6–40 seed passages drawn at random under new
   titles and numbers: real vocabulary and lengths, ~25 passages a document like the seeds), then times every question again
   (warm: each asked once before timing) and reports p50 / p95 / max. (No hit rate at that size:
   the synthetic documents are copies of the answering passages, so they compete by design.)
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
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SYNTHETIC_ISSUER = "合成市人民政府办公室"


def setup(database_url: str | None, *, reuse: bool = False, data_dir: str | None = None) -> None:
    if database_url:
        name = urlsplit(database_url).path.lstrip("/")
        if "bench" not in name:
            sys.exit("refusing to drop a database whose name does not contain 'bench'")
        import psycopg

        admin = database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not (reuse and exists):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ["JIESU_DATA_DIR"] = data_dir or tempfile.mkdtemp(prefix="kb-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "jiesu.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def hit(hits, doc: str, phrase: str) -> bool:
    return any((doc in h.doc_number or doc in h.doc_title) and phrase in h.passage for h in hits)


def plain_bm25_rate(questions) -> float:
    """The baseline: BM25 over jieba's default cut of each passage, no domain knowledge."""
    import math
    from collections import Counter

    import jieba

    from jiesu.knowledge.models import Passage

    rows = list(Passage.objects.select_related("document"))
    docs = [[w for w in jieba.lcut(p.text) if len(w) > 1] for p in rows]
    df = Counter(w for d in docs for w in set(d))
    n, avg = len(docs), sum(map(len, docs)) / len(docs)
    tfs = [Counter(d) for d in docs]
    hits = 0
    for q, doc, phrase in questions:
        words = [w for w in jieba.lcut(q) if len(w) > 1]
        scores = []
        for i, tf in enumerate(tfs):
            s = 0.0
            for w in words:
                if tf[w]:
                    idf = math.log(1 + (n - df[w] + 0.5) / (df[w] + 0.5))
                    s += idf * tf[w] * 2.2 / (tf[w] + 1.2 * (0.25 + 0.75 * len(docs[i]) / avg))
            scores.append(s)
        top = sorted(range(n), key=lambda i: -scores[i])[:5]
        hits += any(
            (doc in rows[i].document.doc_number or doc in rows[i].document.title)
            and phrase in rows[i].text
            for i in top
        )
    return hits / len(questions)


def synthesize(target: int, seed: int = 7) -> int:
    """Documents up to ``target``: each a random draw of 6–40 seed passages (already segmented,
    so the vocabulary and lengths are real) under a new title and number."""
    from django.db import transaction
    from django.utils import timezone

    from jiesu.knowledge import index
    from jiesu.knowledge.models import Document, Passage

    if Document.objects.count() >= target:
        return 0
    rng = random.Random(seed)
    pool = list(Passage.objects.values("heading", "text", "title_tokens", "body_tokens", "length"))
    titles = list(Document.objects.values_list("title", flat=True))
    have = Document.objects.count()
    now = timezone.now()
    made = 0
    while have + made < target:
        with transaction.atomic():
            docs = []
            for _ in range(min(500, target - have - made)):
                n = have + made + len(docs)
                docs.append(
                    Document(
                        kind="policy",
                        key=f"合成〔2024〕{n}号",
                        title=f"关于{rng.choice(titles)[:24]}的补充通知（第{n}号）",
                        doc_number=f"合成〔2024〕{n}号",
                        issuer=SYNTHETIC_ISSUER,
                        body="",
                        content_hash=str(n),
                        created_at=now,
                    )
                )
            Document.objects.bulk_create(docs)
            docs = list(
                Document.objects.filter(issuer=SYNTHETIC_ISSUER).order_by("-id")[: len(docs)]
            )
            rows = []
            for doc in docs:
                for ordinal, p in enumerate(rng.sample(pool, rng.randint(6, 40))):
                    rows.append(Passage(document=doc, ordinal=ordinal, **p))
            Passage.objects.bulk_create(rows, batch_size=2000)
            made += len(docs)
    if made:
        index.rebuild_terms()
    return made


def backend_cpu_ms() -> float | None:
    """PostgreSQL: the CPU time (user + system) the connection's server process has used, read
    from /proc (the server runs on this machine); None for SQLite (inside this process)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def explain_all(questions: list[str]) -> list[tuple[float, str]]:
    """The candidate query of each question under EXPLAIN ANALYZE: (database-side ms, plan)."""
    from django.db import connection

    from jiesu.knowledge import search

    out = []
    for q in questions:
        sql, params = search.candidate_query(q)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                ms = float(plan.rsplit("Execution Time:", 1)[1].split()[0])
            else:  # SQLite has no EXPLAIN ANALYZE: its plan, and the query timed alone
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
                t0 = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                ms = (time.perf_counter() - t0) * 1000
        out.append((ms, f"{q}\n{plan}"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep a database (or --data-dir) already imported and grown by an earlier run",
    )
    parser.add_argument("--data-dir", help="SQLite: the data directory to use (kept)")
    parser.add_argument("--build-only", action="store_true", help="import and grow, no timing")
    args = parser.parse_args()
    if not SEEDS.is_dir():
        sys.exit(f"{SEEDS} is absent")
    setup(args.database_url, reuse=args.reuse, data_dir=args.data_dir)

    from django.db import connection

    from jiesu.knowledge import actions, search
    from jiesu.knowledge.models import Document, Passage
    from jiesu.knowledge.tests.caller_questions import QUESTIONS
    from jiesu.organisation.actor import SYSTEM

    load = os.getloadavg()[0]
    started = time.perf_counter()
    reports = []
    if not Document.objects.exclude(issuer=SYNTHETIC_ISSUER).exists():
        reports = actions.import_paths(sorted(SEEDS.glob("*.txt")), actor=SYSTEM)
    import_s = time.perf_counter() - started
    search.forget_stats()
    seeds = Document.objects.exclude(issuer=SYNTHETIC_ISSUER)
    seeds_docs = seeds.count()
    seeds_passages = Passage.objects.filter(document__in=seeds).count()
    rate = baseline = None  # over the seeds alone: not measured again on a grown collection
    if not Document.objects.filter(issuer=SYNTHETIC_ISSUER).exists():
        rate = sum(hit(search.search(q, k=5), d, p) for q, d, p in QUESTIONS) / len(QUESTIONS)
        baseline = plain_bm25_rate(QUESTIONS)
        print(f"top-5 hit rate: {rate:.1%} (plain BM25 over jieba: {baseline:.1%})")
    print(f"seeds: {seeds_docs} documents, {seeds_passages} passages, import {import_s:.1f} s")

    started = time.perf_counter()
    synthesize(args.documents)
    build_s = time.perf_counter() - started
    if args.build_only:
        print(f"grown to {Document.objects.count()} documents in {build_s:.1f} s")
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does after a bulk load, at once
            cursor.execute("ANALYZE knowledge_document, knowledge_passage, knowledge_term")
    search.forget_stats()
    for q, _, _ in QUESTIONS:  # warm: jieba, statistics, the database's caches
        search.search(q, k=5)
    load_timed = os.getloadavg()[0]
    db_cpu_before = backend_cpu_ms()
    times, cpu = [], []
    for q, _, _ in QUESTIONS * 3:
        t0, c0 = time.perf_counter(), time.process_time()
        search.search(q, k=5)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)  # SQLite runs in this process
    db_cpu = backend_cpu_ms()
    db_cpu_mean = (db_cpu - db_cpu_before) / len(times) if db_cpu is not None else None
    plans = explain_all([q for q, _, _ in QUESTIONS])
    db_ms = sorted(ms for ms, _ in plans)
    cpu.sort()
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    result = {
        "backend": connection.vendor,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_avg_before": load,
        "seed_documents": seeds_docs,
        "seed_passages": seeds_passages,
        "questions": len(QUESTIONS),
        "hit_rate_top5": rate and round(rate, 4),
        "plain_bm25_hit_rate_top5": baseline and round(baseline, 4),
        "documents": Document.objects.count(),
        "passages": Passage.objects.count(),
        "synthesize_s": round(build_s, 1),
        "latency_ms": {
            "p50": round(statistics.median(times), 1),
            "p95": round(p95, 1),
            "max": round(times[-1], 1),
        },
        "cpu_ms": {
            "p50": round(statistics.median(cpu), 1),
            "p95": round(cpu[int(0.95 * (len(cpu) - 1))], 1),
        },
        "database_cpu_ms_mean": db_cpu_mean and round(db_cpu_mean, 1),
        "explain_analyze_ms": {
            "p50": round(statistics.median(db_ms), 1),
            "p95": round(db_ms[int(0.95 * (len(db_ms) - 1))], 1),
            "max": round(db_ms[-1], 1),
        },
        "slowest_plan": max(plans)[1],
        "load_avg_timed": load_timed,
        "load_avg_after": os.getloadavg()[0],
        "imports": [r.status for r in reports],
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"knowledge-{connection.vendor}-{stamp}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2)
    )


if __name__ == "__main__":
    main()
