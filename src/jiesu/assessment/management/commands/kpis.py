"""``jiesu kpis``: the four assessment rates (R21) from the command line.

jiesu kpis --from 2025-06-01 --to 2025-06-30
jiesu kpis --from 2025-06-01 --to 2025-06-30 --unit city-housing --as-of 2025-07-01T00:00 --json
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.assessment import queries, rates, serializers
from jiesu.assessment.presentation import rate_cells
from jiesu.core.errors import JiesuError
from jiesu.organisation.actor import SYSTEM

BAD_INPUT = 2


class Command(BaseCommand):
    help = gettext_lazy(
        "考核指标：各单位、各县（市、区）和全市的接通率、签收率、办结率、满意率（R21）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--unit", metavar="CODE", help=_("只看一个单位"))
        parser.add_argument("--as-of", metavar="ISO", help=_("统计时点（默认当前时间）"))
        parser.add_argument("--json", action="store_true", help=_("输出 JSON（与 API 相同）"))
        parser.add_argument("--all", action="store_true", help=_("列出没有数据的单位"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = queries.period_from(
                options["start"], options["end"], options["as_of"], now=timezone.now()
            )
            result = queries.assessment_for_user(SYSTEM, period, unit=options["unit"])
        except JiesuError as exc:
            raise CommandError(exc.message, returncode=BAD_INPUT) from exc
        if options["json"]:
            data = serializers.assessment_dict(result)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder))
            return
        self.stdout.write(
            _("统计期 %(start)s 至 %(end)s，统计时点 %(as_of)s")
            % {
                "start": period.start,
                "end": period.end,
                "as_of": format(timezone.localtime(period.as_of), "%Y-%m-%d %H:%M"),
            }
        )
        self.stdout.write("\t".join([_("范围"), _("名称"), *rates.rate_labels().values()]))
        lines = [result.city] if result.city and not options["unit"] else []
        lines += [] if options["unit"] else result.counties
        lines += [row for row in result.units if options["all"] or options["unit"] or row.active]
        for row in lines:
            scope = {"city": _("全市"), "county": _("县（市、区）"), "unit": _("单位")}[row.scope]
            self.stdout.write("\t".join([scope, row.name, *rate_cells(row)]))
        for formula in rates.formulas().values():
            self.stdout.write(formula)
