"""``jiesu calendar``: working-day arithmetic and calendar maintenance.

jiesu calendar add-workdays 2025-09-26T15:00 1   # → 2025-09-28T15:00:00+08:00 (last line)
jiesu calendar show 2026
jiesu calendar seed [YEAR ...] [--overwrite]
jiesu calendar import FILE.csv
"""

from __future__ import annotations

import warnings
from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import JiesuError
from jiesu.workdays import actions
from jiesu.workdays.calendar import SHANGHAI, MissingCalendarYear
from jiesu.workdays.choices import WEEKDAY_NAMES, DayKind
from jiesu.workdays.loader import get_calendar
from jiesu.workdays.parsing import parse_days, parse_start
from jiesu.workdays.queries import DayEntry, year_overview
from jiesu.workdays.sources import chinese_calendar_years

BAD_INPUT = 2


class Command(BaseCommand):
    help = gettext_lazy("工作日历：计算工作日截止时间、查看某年节假日、预置或导入日历。")
    # Only needs the calendar table; skipping the project-wide checks keeps it quick and usable
    # while other parts of the configuration (URLs, templates) are being fixed.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)

        add = sub.add_parser("add-workdays", help=_("计算 N 个工作日后的截止时间"))
        add.add_argument("start", metavar="ISO_DATETIME", help=_("开始时间；不带时区按北京时间"))
        add.add_argument("days", metavar="N", help=_("工作日数（整数）"))

        show = sub.add_parser("show", help=_("按月列出某年的节假日和调休上班日"))
        show.add_argument("year", metavar="YEAR", help=_("年份，例如 2026"))

        seed = sub.add_parser("seed", help=_("从 chinese-calendar 预置日历（默认：所有已知年份）"))
        seed.add_argument("years", metavar="YEAR", nargs="*", help=_("年份"))
        seed.add_argument(
            "--overwrite", action="store_true", help=_("同时覆盖导入或管理员修改过的日期")
        )

        imp = sub.add_parser("import", help=_("导入 CSV 日历文件（表头 date,is_workday,name）"))
        imp.add_argument("file", metavar="FILE", help=_("CSV 文件路径"))

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {
            "add-workdays": self.add_workdays,
            "show": self.show,
            "seed": self.seed,
            "import": self.import_file,
        }
        try:
            handlers[options["subcommand"]](options)
        except JiesuError as exc:
            raise CommandError(exc.message, returncode=BAD_INPUT) from exc
        except DatabaseError as exc:
            raise CommandError(
                _("无法读取工作日历表（是否已运行 jiesu migrate？）：%(exc)s") % {"exc": exc}
            ) from exc

    # --- subcommands ------------------------------------------------------------------------

    def add_workdays(self, options: dict[str, Any]) -> None:
        start = parse_start(options["start"])
        days = parse_days(options["days"])
        calendar = get_calendar()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MissingCalendarYear)  # reported below instead
            deadline = calendar.add_working_days(start, days).astimezone(SHANGHAI)
        missing = [y for y in range(start.year, deadline.year + 1) if not calendar.has_year(y)]
        for year in missing:
            self.stderr.write(
                self.style.WARNING(
                    _("警告：%(year)s 年没有日历数据，已按周一至周五推算，结果可能不准确。")
                    % {"year": year}
                )
            )
        if options["verbosity"] >= 2:
            self.stdout.write(
                _("开始：%(start)s（%(weekday)s）")
                % {"start": start.isoformat(), "weekday": WEEKDAY_NAMES[start.weekday()]}
            )
            self.stdout.write(_("工作日：%(days)s") % {"days": days})
        self.stdout.write(deadline.isoformat())

    def show(self, options: dict[str, Any]) -> None:
        year = _parse_year(options["year"])
        overview = year_overview(year)
        if not overview.has_data:
            self.stderr.write(
                self.style.ERROR(
                    _(
                        "！！！%(year)s 年没有工作日历数据！截止时间将按周一至周五推算，节假日和调休都不会计入。\n请运行 jiesu calendar seed %(year)s（chinese-calendar 有该年数据时）或 jiesu calendar import 文件.csv 导入该年放假安排。"
                    )
                    % {"year": year}
                )
            )
            raise CommandError(_("%(year)s 年没有日历数据") % {"year": year}, returncode=1)

        self.stdout.write(_("%(year)s 年工作日历") % {"year": year})
        special = overview.special_days
        for month, entries in groupby(special, key=lambda entry: entry.day.month):
            month_entries = list(entries)
            workdays = sum(
                1 for entry in overview.days if entry.day.month == month and entry.is_workday
            )
            self.stdout.write(
                _("\n%(month)s 月（工作日 %(workdays)s 天）")
                % {"month": month, "workdays": workdays}
            )
            weekends = [e for e in month_entries if e.kind == DayKind.WEEKEND]
            for entry in month_entries:
                if entry.kind != DayKind.WEEKEND:
                    self.stdout.write("  " + _describe(entry))
            if weekends:
                days = "、".join(str(e.day.day) for e in weekends)
                self.stdout.write(_("  周末休息：%(days)s 日") % {"days": days})

        self.stdout.write(
            _(
                "\n合计：工作日 %(workday_count)s 天，休息日 %(rest_day_count)s 天（节假日放假 %(holidays)s 天，周末 %(weekends)s 天），调休上班 %(count3)s 天。"
            )
            % {
                "workday_count": overview.workday_count,
                "rest_day_count": overview.rest_day_count,
                "holidays": overview.count(DayKind.HOLIDAY),
                "weekends": overview.count(DayKind.WEEKEND),
                "count3": overview.count(DayKind.MAKEUP_WORKDAY),
            }
        )
        fallback = sum(1 for entry in overview.days if entry.source == "fallback")
        if fallback:
            self.stdout.write(
                self.style.WARNING(
                    _("注意：有 %(fallback)s 天不在日历表中，按周一至周五推算。")
                    % {"fallback": fallback}
                )
            )

    def seed(self, options: dict[str, Any]) -> None:
        known = chinese_calendar_years()
        years = sorted({_parse_year(raw) for raw in options["years"]}) or known
        unknown = [year for year in years if year not in known]
        if unknown:  # refuse before writing anything
            listed = "、".join(str(year) for year in unknown)
            raise CommandError(
                _(
                    "chinese-calendar 没有 %(listed)s 年的数据（现有 %(first)s–%(last)s 年），请用 jiesu calendar import 导入该年放假安排。"
                )
                % {"listed": listed, "first": known[0], "last": known[-1]},
                returncode=BAD_INPUT,
            )
        total = 0
        with transaction.atomic():
            for year in years:
                written = actions.seed_year(year, overwrite=options["overwrite"])
                total += written
                self.stdout.write(
                    _("%(year)s 年：写入 %(written)s 天") % {"year": year, "written": written}
                )
        self.stdout.write(
            self.style.SUCCESS(
                _("完成：%(n_years)s 个年份，共写入 %(total)s 天。")
                % {"n_years": len(years), "total": total}
            )
        )

    def import_file(self, options: dict[str, Any]) -> None:
        count = actions.import_days(options["file"])
        self.stdout.write(self.style.SUCCESS(_("已导入 %(count)s 天。") % {"count": count}))


def _parse_year(raw: str) -> int:
    text = str(raw).strip()
    if not text.isdigit() or not 1900 <= int(text) <= 2200:
        raise CommandError(
            _("年份无效：“%(text)s”，应为 1900–2200 之间的四位数。") % {"text": text},
            returncode=BAD_INPUT,
        )
    return int(text)


def _describe(entry: DayEntry) -> str:
    weekday = WEEKDAY_NAMES[entry.day.weekday()]
    label = str(entry.kind.label)
    name = f"  {entry.name}" if entry.name else ""
    return f"{entry.day.isoformat()} {weekday}  {label}{name}"
