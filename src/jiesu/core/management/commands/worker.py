from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy


class Command(BaseCommand):
    help = gettext_lazy(
        "启动任务队列消费者和周期任务（SLA 巡检等）；Huey，默认 SQLite 存储，设置 JIESU_REDIS_URL 用 Redis。"
    )

    def handle(self, *args, **options):
        call_command("run_huey")
