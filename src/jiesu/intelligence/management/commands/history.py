"""``jiesu history``: bring a city's past records into Jiesu.

jiesu history import FILE --map id=…,subject=…,…    # a legacy system's tickets (intelligence)
jiesu history import-assignments 2024交办记录.xlsx    # its assignments, for the rates (assessment)
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jiesu.assessment.imports import ASSIGNMENT_COLUMNS, import_assignments
from jiesu.assessment.management.commands._importing import run_import
from jiesu.intelligence.history import ImportFailed, Options, import_history, parse_map


class Command(BaseCommand):
    help = (
        "导入历史数据：import 导入历史工单（按列映射，跳过的行附原因）；import-assignments 导入原平台"
        "交办记录，使考核指标跨平台连续（R21）。均为失败则全部不写入，重复导入不重复。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入一个 CSV / Excel 文件")
        imp.add_argument("file")
        imp.add_argument(
            "--map",
            required=True,
            help="列映射：id=…,subject=…,detail=…,text=…,category=…,unit=…,region=…,caller=…,"
            "submitted_at=…,reply=…,replied_at=…（只写文件中有的列）",
        )
        imp.add_argument("--source", default="legacy", help="来源系统名（与原编号一起判重）")
        imp.add_argument("--category-map", help="类别映射 CSV：两列，原类别名,派单目录编码")
        imp.add_argument(
            "--create-categories", action="store_true", help="目录中没有的类别新建为一级类别"
        )
        imp.add_argument("--region", help="没有（可识别的）区域时使用的区域编码或名称")
        imp.add_argument("--skipped", help="把跳过的行（行号、原编号、原因）写入此 CSV 文件")
        assignments = sub.add_parser(
            "import-assignments",
            help="导入交办记录（CSV 或 Excel）。列：" + ", ".join(ASSIGNMENT_COLUMNS),
        )
        assignments.add_argument("file", metavar="FILE")

    def handle(self, *args, action: str, **options):
        if action == "import-assignments":
            run_import(self, import_assignments, options["file"], "交办记录")
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        try:
            opts = Options(
                mapping=parse_map(options["map"]),
                source=options["source"],
                category_map=_category_map(options["category_map"]),
                create_categories=options["create_categories"],
                region=options["region"],
            )
            report = import_history(
                path,
                opts,
                progress=lambda rows: tqdm(rows, desc="导入", unit="行", file=self.stderr._out),
            )
        except ImportFailed as exc:
            raise CommandError(f"{exc}（未写入任何数据）") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"读取 {report.read} 行：导入 {report.imported}，已导入过 {report.already}，"
                f"跳过 {len(report.skipped)}。"
            )
        )
        for reason, n in report.reasons().most_common():
            self.stdout.write(f"  跳过：{reason} {n} 行")
        for line, source_id, reason in report.skipped[:20]:
            self.stdout.write(f"    第{line}行 {source_id}：{reason}")
        if report.created_categories:
            self.stdout.write("新建类别：" + "、".join(report.created_categories))
        if report.uncategorised:
            self.stdout.write(
                f"{report.uncategorised} 行的类别不在目录中，已导入为未分类"
                "（可用 --category-map 或 --create-categories）。"
            )
        if options["skipped"]:
            with open(options["skipped"], "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["line", "source_id", "reason"])
                writer.writerows(report.skipped)


def _category_map(path: str | None) -> dict[str, str]:
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return {row[0].strip(): row[1].strip() for row in csv.reader(handle) if len(row) >= 2}
    except OSError as exc:
        raise CommandError(f"无法读取类别映射：{exc}") from exc
