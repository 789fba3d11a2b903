from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.demo import load_demo
from jiesu.core.demo_tickets import load_demo_tickets


class Command(BaseCommand):
    help = gettext_lazy(
        "载入演示城市（黄石）：两级平台、单位、派单目录和每个角色的演示账号，"
        "以及让每个演示账号都有待办的示例工单。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-tickets", action="store_true", help=_("只载入城市和账号，不建示例工单")
        )

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS(_("演示城市已载入：黄石市（市平台 + 6个县级平台）。")))
        if not options["no_tickets"]:
            created = load_demo_tickets()
            if created:
                self.stdout.write(
                    _("示例工单已建好：%(created)s 件，分布在各个演示账号的待办里。")
                    % {"created": created}
                )
            else:
                self.stdout.write(_("数据库里已有工单，未再建示例工单。"))
        self.stdout.write(_("演示账号（用户名 / 密码 / 角色 / 单位）："))
        for username, password, role, unit in logins:
            self.stdout.write(f"  {username:<12} {password:<18} {role:<10} {unit}")
