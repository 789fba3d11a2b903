from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from jiesu.tickets.actions import sweep
from jiesu.tickets.choices import EventKind


class Command(BaseCommand):
    help = gettext_lazy(
        "SLA 巡检：对临近时限的交办单预警、对超期的标记超期，并记录事件（可重复运行）。"
    )

    def handle(self, *args, **options):
        bar = tqdm(desc=_("巡检"), unit=_("单"), disable=None)
        result = sweep(progress=lambda kind, n: bar.update(n))
        bar.close()
        labels = dict(EventKind.choices)
        for kind, count in result.counts.items():
            self.stdout.write(f"{labels[kind]}：{count}")
        self.stdout.write(_("新超期工单：%(flagged)s") % {"flagged": result.flagged})
        self.stdout.write(_("解除超期工单：%(cleared)s") % {"cleared": result.cleared})
        self.stdout.write(_("合计：%(total)s") % {"total": result.total})
