"""``jiesu report``: reports from the command line.

jiesu report hotspots                          # the last whole week (ending last Sunday)
jiesu report hotspots --week-ending 2025-06-22 --regenerate --docx 周报.docx --xlsx 周报.xlsx
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jiesu.core.errors import JiesuError
from jiesu.reports import actions, exports
from jiesu.reports.presentation import summary

BAD_INPUT = 2


class Command(BaseCommand):
    help = "报告：生成热点周报（R9）并可导出 Word / Excel。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        hotspots = sub.add_parser(
            "hotspots", help="热点周报：已生成的直接返回，--regenerate 生成新版本"
        )
        hotspots.add_argument(
            "--week-ending",
            metavar="YYYY-MM-DD",
            default="",
            help="统计截止日期（含当天，共 7 天）；默认上周日",
        )
        hotspots.add_argument("--regenerate", action="store_true", help="按当前数据生成新版本")
        hotspots.add_argument("--docx", metavar="FILE", help="导出 Word 文档到 FILE")
        hotspots.add_argument("--xlsx", metavar="FILE", help="导出 Excel 表格到 FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.hotspots(options)
        except JiesuError as exc:
            raise CommandError(exc.message, returncode=BAD_INPUT) from exc

    def hotspots(self, options: dict[str, Any]) -> None:
        now = timezone.now()
        week_ending = actions.parse_week_ending(options["week_ending"], now=now)
        report, created = actions.generate_weekly_hotspots(
            week_ending, now=now, regenerate=options["regenerate"]
        )
        state = "新生成" if created else "已存在，未重新生成（需要时加 --regenerate）"
        self.stdout.write(f"{report.title}  第{report.version}版（{state}）")
        self.stdout.write(summary(report.data))
        for extension, export in exports.FORMATS.items():
            if options[extension]:
                path = Path(options[extension])
                try:
                    path.write_bytes(export.write(report))
                except OSError as exc:
                    raise CommandError(f"无法写入 {path}：{exc.strerror}", returncode=1) from exc
                self.stdout.write(f"已导出：{path}")
