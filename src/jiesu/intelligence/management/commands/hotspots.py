"""jiesu hotspots --from DATE --to DATE [--json] — the matters behind a period's tickets."""

from __future__ import annotations

import json
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import JiesuError
from jiesu.intelligence.hotspots import hotspots, period


class Command(BaseCommand):
    help = gettext_lazy("热点事项：把一段时间内的诉求按“同一地点、同一问题”聚类，按热度排序。")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help=_("起始日期 YYYY-MM-DD（含）"))
        parser.add_argument("--to", dest="end", help=_("截止日期 YYYY-MM-DD（含）"))
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
            _("%(from)s 至 %(to)s：%(tickets)s 件诉求")
            % {
                "from": timezone.localtime(first).date(),
                "to": timezone.localtime(last - timedelta(microseconds=1)).date(),  # to is open
                "tickets": result["tickets"],
            }
        )
        for i, m in enumerate(result["matters"], start=1):
            flag = _("↑趋势") if m["rising"] else ""
            self.stdout.write(
                _(
                    "%(i)s. [%(heat)s] %(label)s（%(category)s·%(region)s） %(count)s件 %(callers)s人 赞%(likes)s %(flag)s"
                )
                % {
                    "i": format(i, ">2"),
                    "heat": format(m["heat"], ">6"),
                    "label": m["label"],
                    "category": m["category"] or _("未分类"),
                    "region": m["region"],
                    "count": m["count"],
                    "callers": m["callers"],
                    "likes": m["likes"],
                    "flag": flag,
                }
            )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
