"""``jiesu report``: reports from the command line.

jiesu report hotspots                          # the last whole week (ending last Sunday)
jiesu report hotspots --week-ending 2025-06-22 --regenerate --docx 周报.docx --xlsx 周报.xlsx --pdf 周报.pdf
jiesu report monthly --month 2025-06 --docx 月报.docx --xlsx 月报.xlsx --pdf 月报.pdf
jiesu report special --topic 物业管理 --from 2025-06-01 --to 2025-06-30 --category C01 \
    --keywords 物业 电梯 --pdf 专报.pdf
jiesu report list
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import JiesuError
from jiesu.reports import actions, documents, exports, special
from jiesu.reports.models import Report
from jiesu.reports.official import FORMATS
from jiesu.reports.presentation import summary

BAD_INPUT = 2


class Command(BaseCommand):
    help = gettext_lazy("报告：生成热点周报（R9）并可导出 Word / Excel。")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        hotspots = sub.add_parser(
            "hotspots", help=_("热点周报：已生成的直接返回，--regenerate 生成新版本")
        )
        hotspots.add_argument(
            "--week-ending",
            metavar="YYYY-MM-DD",
            default="",
            help=_("统计截止日期（含当天，共 7 天）；默认上周日"),
        )
        hotspots.add_argument("--regenerate", action="store_true", help=_("按当前数据生成新版本"))
        hotspots.add_argument("--docx", metavar="FILE", help=_("导出 Word 文档到 FILE"))
        hotspots.add_argument("--xlsx", metavar="FILE", help=_("导出 Excel 表格到 FILE"))
        hotspots.add_argument("--pdf", metavar="FILE", help=_("导出 PDF 文件到 FILE"))
        monthly = sub.add_parser(
            "monthly", help=_("月报：已生成的直接返回，--regenerate 生成新版本")
        )
        monthly.add_argument("--month", metavar="YYYY-MM", default="", help=_("月份；默认上个月"))
        monthly.add_argument("--regenerate", action="store_true", help=_("按当前数据生成新版本"))
        special_parser = sub.add_parser(
            "special", help=_("专报（每月一题）：类别、区域、关键词至少一项")
        )
        special_parser.add_argument("--topic", required=True, help=_("专报题目"))
        special_parser.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
        special_parser.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
        special_parser.add_argument("--category", default="", help=_("类别代码（含下级）"))
        special_parser.add_argument("--region", default="", help=_("区域代码（含下级）"))
        special_parser.add_argument("--keywords", nargs="*", default=[], help=_("关键词，任一命中"))
        for parser in (monthly, special_parser):
            for extension in FORMATS:
                parser.add_argument(
                    f"--{extension}",
                    metavar="FILE",
                    help=_("导出 %(extension)s 到 FILE") % {"extension": extension},
                )
        sub.add_parser("list", help=_("报告存档：最近 50 份"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, options["subcommand"].replace("-", "_"))(options)
        except JiesuError as exc:
            raise CommandError(exc.message, returncode=BAD_INPUT) from exc

    def hotspots(self, options: dict[str, Any]) -> None:
        now = timezone.now()
        week_ending = actions.parse_week_ending(options["week_ending"], now=now)
        report, created = actions.generate_weekly_hotspots(
            week_ending, now=now, regenerate=options["regenerate"]
        )
        state = _("新生成") if created else _("已存在，未重新生成（需要时加 --regenerate）")
        self.stdout.write(
            _("%(title)s  第%(version)s版（%(state)s）")
            % {"title": report.title, "version": report.version, "state": state}
        )
        self.stdout.write(summary(report.data))
        for extension, export in exports.FORMATS.items():
            if options[extension]:
                self._write(Path(options[extension]), export.write(report))

    def monthly(self, options: dict[str, Any]) -> None:
        now = timezone.now()
        month = actions.parse_month(options["month"], now=now)
        report, created = actions.generate_monthly(month, now=now, regenerate=options["regenerate"])
        state = _("新生成") if created else _("已存在，未重新生成（需要时加 --regenerate）")
        self.stdout.write(
            _("%(title)s  第%(version)s版（%(state)s）")
            % {"title": report.title, "version": report.version, "state": state}
        )
        self.export(report, options)

    def special(self, options: dict[str, Any]) -> None:
        criteria = special.Criteria(
            topic=options["topic"],
            first=special.parse_day(options["start"], field="from"),
            last=special.parse_day(options["end"], field="to"),
            category=options["category"],
            region=options["region"],
            keywords=options["keywords"],
        )
        report = actions.generate_special(criteria, now=timezone.now())
        self.stdout.write(
            _("%(title)s（共 %(count)s 件）")
            % {"title": report.title, "count": report.data["totals"]["count"]}
        )
        self.export(report, options)

    def list(self, options: dict[str, Any]) -> None:
        for report in Report.objects.defer("data").order_by("-created_at", "-id")[:50]:
            at = timezone.localtime(report.created_at)
            self.stdout.write(
                _(
                    "%(pk)s\t%(kind)s\t%(period_start)s～%(period_end)s\t第%(version)s版\t%(at)s\t%(title)s"
                )
                % {
                    "pk": report.pk,
                    "kind": report.get_kind_display(),
                    "period_start": report.period_start,
                    "period_end": report.period_end,
                    "version": report.version,
                    "at": format(at, "%Y-%m-%d %H:%M"),
                    "title": report.title,
                }
            )

    def export(self, report: Report, options: dict[str, Any]) -> None:
        for extension in documents.formats(report):
            if options.get(extension):
                self._write(Path(options[extension]), documents.render(report, extension).content)

    def _write(self, path: Path, content: bytes) -> None:
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("无法写入 %(path)s：%(strerror)s") % {"path": path, "strerror": exc.strerror},
                returncode=1,
            ) from exc
        self.stdout.write(_("已导出：%(path)s") % {"path": path})
