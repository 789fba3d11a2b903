"""``jiesu notice``: the monthly notice (月度通报, R22) as Word, Excel and PDF.

jiesu notice --month 2025-06 --docx 通报.docx --xlsx 通报.xlsx --pdf 通报.pdf
jiesu notice --from 2025-06-01 --to 2025-06-30 --as-of 2025-07-05T00:00 --docx 通报.docx
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.assessment import documents, notice, queries, rates
from jiesu.core.errors import JiesuError

BAD_INPUT = 2


class Command(BaseCommand):
    help = gettext_lazy(
        "月度通报：各单位四项指标排名、正反面典型、退单与超期情况（R22），导出 Word/Excel/PDF。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", metavar="YYYY-MM", help=_("统计月份（默认上个月）"))
        parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD")
        parser.add_argument("--as-of", metavar="ISO", help=_("统计时点（默认当前时间）"))
        for extension, export in documents.FORMATS.items():
            parser.add_argument(
                f"--{extension}", metavar="FILE", help=_("导出%(label)s") % {"label": export.label}
            )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        try:
            if options["start"] or options["end"]:
                period = queries.period_from(
                    options["start"] or "", options["end"] or "", options["as_of"], now=now
                )
            else:
                month = (
                    options["month"]
                    or f"{(timezone.localdate().replace(day=1) - timedelta(days=1)):%Y-%m}"
                )
                period = queries.parse_month(month, now=now)
                if options["as_of"]:
                    period = rates.Period(
                        period.start,
                        period.end,
                        queries.parse_moment(options["as_of"], field="as_of"),
                    )
            doc = notice.build(rates.compute(period))
            for extension, export in documents.FORMATS.items():
                if options[extension]:
                    Path(options[extension]).write_bytes(export.write(doc))
                    self.stdout.write(_("已导出：%(options)s") % {"options": options[extension]})
        except JiesuError as exc:
            raise CommandError(exc.message, returncode=BAD_INPUT) from exc
        except OSError as exc:
            raise CommandError(
                _("无法写入文件：%(strerror)s") % {"strerror": exc.strerror}, returncode=1
            ) from exc
        self.stdout.write(doc.title)
        for section in doc.sections[:2]:
            self.stdout.write(section.heading)
            for text in section.paragraphs:
                self.stdout.write(text)
