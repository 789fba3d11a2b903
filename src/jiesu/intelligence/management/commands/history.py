"""``jiesu history``: bring a city's past records into Jiesu.

jiesu history import FILE --map id=…,subject=…,…    # a legacy system's tickets (intelligence)
jiesu history import-assignments 2024交办记录.xlsx    # its assignments, for the rates (assessment)
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from jiesu.assessment.imports import ASSIGNMENT_COLUMNS, import_assignments
from jiesu.assessment.management.commands._importing import run_import
from jiesu.intelligence.history import ImportFailed, Options, import_history, parse_map


class Command(BaseCommand):
    help = gettext_lazy(
        "导入历史数据：import 导入历史工单（按列映射，跳过的行附原因）；import-assignments 导入原平台"
        "交办记录，使考核指标跨平台连续（R21）。均为失败则全部不写入，重复导入不重复。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("导入一个 CSV / Excel 文件"))
        imp.add_argument("file")
        imp.add_argument(
            "--map",
            required=True,
            help=_(
                "列映射：id=…,subject=…,detail=…,text=…,category=…,unit=…,region=…,caller=…,"
                "submitted_at=…,reply=…,replied_at=…（只写文件中有的列）"
            ),
        )
        imp.add_argument("--source", default="legacy", help=_("来源系统名（与原编号一起判重）"))
        imp.add_argument("--category-map", help=_("类别映射 CSV：两列，原类别名,派单目录编码"))
        imp.add_argument(
            "--create-categories", action="store_true", help=_("目录中没有的类别新建为一级类别")
        )
        imp.add_argument("--region", help=_("没有（可识别的）区域时使用的区域编码或名称"))
        imp.add_argument("--skipped", help=_("把跳过的行（行号、原编号、原因）写入此 CSV 文件"))
        assignments = sub.add_parser(
            "import-assignments",
            help=_("导入交办记录（CSV 或 Excel）。列：") + ", ".join(ASSIGNMENT_COLUMNS),
        )
        assignments.add_argument("file", metavar="FILE")

    def handle(self, *args, action: str, **options):
        if action == "import-assignments":
            run_import(self, import_assignments, options["file"], _("交办记录"))
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("文件不存在：%(path)s") % {"path": path})
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
                progress=lambda rows: tqdm(
                    rows, desc=_("导入"), unit=_("行"), file=self.stderr._out
                ),
            )
        except ImportFailed as exc:
            raise CommandError(_("%(exc)s（未写入任何数据）") % {"exc": exc}) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("读取 %(read)s 行：导入 %(imported)s，已导入过 %(already)s，跳过 %(n_skipped)s。")
                % {
                    "read": report.read,
                    "imported": report.imported,
                    "already": report.already,
                    "n_skipped": len(report.skipped),
                }
            )
        )
        for reason, n in report.reasons().most_common():
            self.stdout.write(_("  跳过：%(reason)s %(n)s 行") % {"reason": reason, "n": n})
        for line, source_id, reason in report.skipped[:20]:
            self.stdout.write(
                _("    第%(line)s行 %(source_id)s：%(reason)s")
                % {"line": line, "source_id": source_id, "reason": reason}
            )
        if report.created_categories:
            self.stdout.write(_("新建类别：") + "、".join(report.created_categories))
        if report.uncategorised:
            self.stdout.write(
                _(
                    "%(uncategorised)s 行的类别不在目录中，已导入为未分类（可用 --category-map 或 --create-categories）。"
                )
                % {"uncategorised": report.uncategorised}
            )
        if report.without_category:
            self.stdout.write(
                _("%(n)s 行没有类别，已导入为未分类。") % {"n": report.without_category}
            )
        if options["skipped"]:
            with open(options["skipped"], "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([_("行号"), _("原编号"), _("跳过原因")])
                writer.writerows(report.skipped)


def _category_map(path: str | None) -> dict[str, str]:
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return {row[0].strip(): row[1].strip() for row in csv.reader(handle) if len(row) >= 2}
    except OSError as exc:
        raise CommandError(_("无法读取类别映射：%(exc)s") % {"exc": exc}) from exc
