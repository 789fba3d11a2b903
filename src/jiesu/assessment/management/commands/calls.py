"""``jiesu calls``: call records for the connection rate (接通率, GB/T 33358).

jiesu calls import 话单-2025-06.csv        # call_id, offered_at, answered_at[, wait_seconds, platform]
jiesu calls abandoned --from 2025-06-01 --to 2025-06-30     # abandoned calls to call back
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.assessment import queries
from jiesu.assessment.imports import CALL_COLUMNS, import_calls
from jiesu.assessment.management.commands._importing import BAD_INPUT, run_import
from jiesu.core.errors import JiesuError


class Command(BaseCommand):
    help = gettext_lazy("话务记录：导入话单（接通率），列出未接来电以便回拨。")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        imp = sub.add_parser(
            "import", help=_("导入话单（CSV 或 Excel）。列：") + ", ".join(CALL_COLUMNS)
        )
        imp.add_argument("file", metavar="FILE")
        abandoned = sub.add_parser("abandoned", help=_("列出期内未接来电（呼损），最新的在前"))
        abandoned.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
        abandoned.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "import":
            run_import(self, import_calls, options["file"], _("话务记录"))
            return
        try:
            period = queries.period_from(options["start"], options["end"], None, now=timezone.now())
        except JiesuError as exc:
            raise CommandError(exc.message, returncode=BAD_INPUT) from exc
        calls = queries.abandoned_calls(period)
        self.stdout.write(_("话单编号\t受理平台\t呼入时间\t等待（秒）"))
        for call in calls:
            self.stdout.write(
                f"{call.call_id}\t{call.platform.name}\t"
                f"{timezone.localtime(call.offered_at):%Y-%m-%d %H:%M:%S}\t{call.wait_seconds or ''}"
            )
        self.stdout.write(_("共 %(n_calls)s 个未接来电。") % {"n_calls": len(calls)})
