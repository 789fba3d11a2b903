"""`jiesu users import FILE`: a sheet of accounts (CSV or Excel), all rows or none."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiesu.accounts.actions import import_users
from jiesu.accounts.sheets import read_accounts
from jiesu.core.errors import JiesuError


class Command(BaseCommand):
    help = "批量导入账号（CSV 或 Excel：username, name, role, unit, phone）；可重复导入。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser("import", help="导入账号表")
        imp.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            report = import_users(read_accounts(path))
        except JiesuError as exc:
            raise CommandError(f"{exc.message}（{exc.code}）") from exc
        if not report.ok:
            for number, message in report.bad_rows:
                self.stderr.write(f"第 {number} 行：{message}")
            raise CommandError(
                f"{len(report.bad_rows)} 行有误，未导入任何账号；改正后重新导入（可重复导入）。"
            )
        self.stdout.write(f"新建 {len(report.created)} 个账号，更新 {len(report.updated)} 个账号。")
        if report.created:
            self.stdout.write("新账号的一次性密码（只显示这一次，首次登录须修改）：")
            self.stdout.write("username,one_time_password")
            for c in report.created:
                self.stdout.write(f"{c.username},{c.one_time_password}")
