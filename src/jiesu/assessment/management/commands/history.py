"""``jiesu history``: bring a city's past records into Jiesu.

jiesu history import-assignments 2024交办记录.xlsx     # or .csv; all rows or none
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jiesu.assessment.imports import ASSIGNMENT_COLUMNS, import_assignments
from jiesu.assessment.management.commands._importing import run_import


class Command(BaseCommand):
    help = "历史数据：导入原平台的交办记录，使考核指标跨平台连续（R21）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        imp = sub.add_parser(
            "import-assignments",
            help="导入交办记录（CSV 或 Excel）。列：" + ", ".join(ASSIGNMENT_COLUMNS),
        )
        imp.add_argument("file", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        run_import(self, import_assignments, options["file"], "交办记录")
