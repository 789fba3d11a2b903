import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.env import envint


class Command(BaseCommand):
    help = gettext_lazy("以生产方式启动 Web 服务（gunicorn + whitenoise 静态文件）。")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=envint("JIESU_WEB_WORKERS", 3))
        parser.add_argument("--threads", type=int, default=envint("JIESU_WEB_THREADS", 1))

    def handle(self, *args, **options):
        if settings.JIESU_SECRET_KEY_SOURCE == "throwaway" and not settings.DEBUG:
            raise CommandError(
                _(
                    "没有可读取的密钥（SECRET_KEY），拒绝启动：请先运行 jiesu migrate（在数据目录 %(DATA_DIR)s 中生成密钥文件），或设置 JIESU_SECRET_KEY。"
                )
                % {"DATA_DIR": settings.DATA_DIR}
            )
        call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(
            _("接诉 Jiesu 正在启动：http://%(bind)s/  （Ctrl+C 停止）") % {"bind": bind}
        )
        self.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "jiesu.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--access-logfile",
            "-",
        ]
        os.execv(sys.executable, argv)
