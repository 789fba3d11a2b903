#!/usr/bin/env python
"""Where PostgreSQL's time goes in the knowledge candidate query (decision 0075).

    python bench/knowledge_rank_cost.py --database-url postgres://…/i10_kb_bench

On a database grown by ``bench/knowledge.py --reuse`` (read only), every caller question's
candidate query runs under ``EXPLAIN (ANALYZE, BUFFERS)``: twice as written (the first pass
warms the cache), then with ``ts_rank`` replaced by a constant — a lower bound of what ranking
without reading the stored vectors back from TOAST could cost (it is not a ranking) — then as
written once more. Prints p50 / p95 / max of the server's execution time and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "jiesu.settings"
    import django

    django.setup()
    from django.db import connection

    from jiesu.knowledge import index, search
    from jiesu.knowledge.tests.caller_questions import QUESTIONS

    def run(label: str, rank: str) -> None:
        times = []
        for q, _, _ in QUESTIONS:
            sql, params = search.candidate_query(q)
            sql = sql.replace(f"ts_rank({index.PG_VECTOR}, q.query)", rank)
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            times.append(float(plan.rsplit("Execution Time:", 1)[1].split()[0]))
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(
            f"{label}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms,"
            f" max {times[-1]:.1f} ms (load {os.getloadavg()[0]:.1f})"
        )

    written = f"ts_rank({index.PG_VECTOR}, q.query)"
    run("as written, pass 1", written)
    run("as written, pass 2", written)
    run("ts_rank replaced by a constant", "0.0")
    run("as written, pass 3", written)


if __name__ == "__main__":
    main()
