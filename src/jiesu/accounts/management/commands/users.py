"""`jiesu users import FILE`: a sheet of accounts (CSV or Excel), all rows or none."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.accounts.actions import import_users
from jiesu.accounts.sheets import read_accounts
from jiesu.core.errors import JiesuError


class Command(BaseCommand):
    help = gettext_lazy(
        "批量导入账号（CSV 或 Excel：username, name, role, unit, phone）；可重复导入。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser("import", help=_("导入账号表"))
        imp.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        try:
            report = import_users(read_accounts(path))
        except JiesuError as exc:
            raise CommandError(f"{exc.message}（{exc.code}）") from exc
        if not report.ok:
            for number, message in report.bad_rows:
                self.stderr.write(
                    _("第 %(number)s 行：%(message)s") % {"number": number, "message": message}
                )
            raise CommandError(
                _("%(count)s 行有误，未导入任何账号；改正后重新导入（可重复导入）。")
                % {"count": len(report.bad_rows)}
            )
        self.stdout.write(
            _("新建 %(created)s 个账号，更新 %(updated)s 个账号。")
            % {"created": len(report.created), "updated": len(report.updated)}
        )
        if report.created:
            self.stdout.write(_("新账号的一次性密码（只显示这一次，首次登录须修改）："))
            self.stdout.write("username,one_time_password")
            for c in report.created:
                self.stdout.write(f"{c.username},{c.one_time_password}")
