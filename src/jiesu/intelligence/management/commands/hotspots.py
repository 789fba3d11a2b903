"""jiesu hotspots --from DATE --to DATE [--json] — the matters behind a period's tickets."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jiesu.core.errors import JiesuError
from jiesu.intelligence.hotspots import hotspots, period


class Command(BaseCommand):
    help = "热点事项：把一段时间内的诉求按“同一地点、同一问题”聚类，按热度排序。"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="起始日期 YYYY-MM-DD（含）")
        parser.add_argument("--to", dest="end", help="截止日期 YYYY-MM-DD（含）")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, start, end, limit, json: bool, **options):
        try:
            first, last = period(start, end, today=timezone.localdate())
        except JiesuError as exc:
            raise CommandError(exc.message) from exc
        result = hotspots(first, last, limit=limit)
        if json:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(
            f"{result['from'][:10]} 至 {result['to'][:10]}：{result['tickets']} 件诉求"
        )
        for i, m in enumerate(result["matters"], start=1):
            flag = "↑趋势" if m["rising"] else ""
            self.stdout.write(
                f"{i:>2}. [{m['heat']:>6}] {m['label']}（{m['category'] or '未分类'}·{m['region']}）"
                f" {m['count']}件 {m['callers']}人 赞{m['likes']} {flag}"
            )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
