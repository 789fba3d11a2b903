"""``jiesu supervision``: the supervision desk's lists from the command line.

jiesu supervision repeat-unsatisfied [--page N]   # 反复投诉长期未解决的不满意件, as the API lists them
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import JiesuError
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import Role
from jiesu.supervision.queries import repeat_unsatisfied_page
from jiesu.workdays.loader import get_calendar

# the command line sees everything, like an administrator
CLI = Actor(user_id=None, username="cli", role=Role.ADMIN, unit=None)


class Command(BaseCommand):
    help = gettext_lazy(
        "督导：jiesu supervision repeat-unsatisfied [--page N] — 反复投诉长期未解决的不满意件。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", metavar="SUBCOMMAND", required=True)
        listing = sub.add_parser(
            "repeat-unsatisfied", help=_("未办结且回访不满意多次或长期未解决的工单")
        )
        listing.add_argument(
            "--page", type=int, default=1, help=_("页码（每页 JIESU_API_PAGE_SIZE 条）")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        try:
            rows, has_next = repeat_unsatisfied_page(
                CLI, now=now, page=options["page"], page_size=settings.JIESU_API_PAGE_SIZE
            )
        except JiesuError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        calendar = get_calendar()
        self.stdout.write(_("工单编号\t状态\t不满意次数\t已办理工作日\t标题"))
        for t in rows:
            days = calendar.working_days_between(t.created_at, now)
            self.stdout.write(
                f"{t.number}\t{t.get_status_display()}\t{t.unsatisfied}\t{days:.1f}\t{t.subject}"
            )
        if has_next:
            self.stdout.write(_("（还有下一页：--page %(page)s）") % {"page": options["page"] + 1})
        self.stdout.write(_("合计：%(count)s") % {"count": len(rows)})
