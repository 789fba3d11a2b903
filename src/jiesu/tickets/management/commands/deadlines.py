from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from jiesu.tickets.actions.recompute import recompute_deadlines


class Command(BaseCommand):
    help = gettext_lazy(
        "时限：jiesu deadlines recompute [--dry-run] — 按事件记录和当前工作日历重算未办结交办单的时限。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        recompute = sub.add_parser("recompute", help=_("重算时限（修改日历后使用）"))
        recompute.add_argument("--dry-run", action="store_true", help=_("只列出差异，不保存"))

    def handle(self, *args, **options):
        bar = tqdm(desc=_("重算时限"), unit=_("单"), disable=None)
        changes = recompute_deadlines(dry_run=options["dry_run"], progress=bar.update)
        bar.close()
        for pk, field, change in changes:
            self.stdout.write(
                _("交办单 %(pk)s %(field)s: %(change)s")
                % {"pk": pk, "field": field, "change": change}
            )
        verb = _("将更新") if options["dry_run"] else _("已更新")
        self.stdout.write(_("%(verb)s %(count)s 个时限。") % {"verb": verb, "count": len(changes)})
