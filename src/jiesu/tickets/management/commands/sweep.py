from django.core.management.base import BaseCommand
from tqdm import tqdm

from jiesu.tickets.actions import sweep
from jiesu.tickets.choices import EventKind


class Command(BaseCommand):
    help = "SLA 巡检：对临近时限的交办单预警、对超期的标记超期，并记录事件（可重复运行）。"

    def handle(self, *args, **options):
        bar = tqdm(desc="巡检", unit="单", disable=None)
        result = sweep(progress=lambda kind, n: bar.update(n))
        bar.close()
        labels = dict(EventKind.choices)
        for kind, count in result.counts.items():
            self.stdout.write(f"{labels[kind]}：{count}")
        self.stdout.write(f"新超期工单：{result.flagged}")
        self.stdout.write(f"解除超期工单：{result.cleared}")
        self.stdout.write(f"合计：{result.total}")
