"""`jiesu user create USERNAME --role ROLE [--unit CODE] [--name NAME] [--phone P] [--password P]`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.accounts.actions import AccountData, create_user
from jiesu.core.errors import JiesuError
from jiesu.organisation.choices import Role


class Command(BaseCommand):
    help = gettext_lazy("创建一个账号（不给 --password 时打印一次性密码，首次登录须改密码）。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help=_("创建账号"))
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--unit", default="", help=_("单位编码（平台与承办单位的角色必填）"))
        create.add_argument("--name", default="", help=_("姓名"))
        create.add_argument("--phone", default="", help=_("手机号"))
        create.add_argument("--password", default=None, help=_("指定密码（不再要求首次改密）"))

    def handle(self, *args, **options):
        data = AccountData(
            username=options["username"],
            role=options["role"],
            unit=options["unit"],
            name=options["name"],
            phone=options["phone"],
        )
        try:
            result = create_user(data, password=options["password"])
        except JiesuError as exc:
            raise CommandError(f"{exc.message}（{exc.code}）") from exc
        self.stdout.write(
            _("已创建账号 %(username)s（%(label)s）。")
            % {"username": result.username, "label": Role(data.role).label}
        )
        if result.one_time_password:
            self.stdout.write(_("一次性密码（只显示这一次，首次登录须修改）："))
            self.stdout.write(result.one_time_password)
