from django.core.management.base import BaseCommand, CommandError

from jiesu.core.errors import JiesuError
from jiesu.integrations.actions import create_key, revoke_key
from jiesu.integrations.choices import Scope, Source
from jiesu.integrations.models import IntegrationKey


class Command(BaseCommand):
    help = "接入密钥：jiesu integration create 名称 --scopes submit,read_own（最后一行输出密钥）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        create = sub.add_parser("create", help="为外部系统创建接入密钥")
        create.add_argument("name")
        create.add_argument(
            "--scopes",
            default=f"{Scope.SUBMIT},{Scope.READ_OWN}",
            help=f"逗号分隔：{', '.join(Scope.values)}",
        )
        create.add_argument("--source", default=Source.OPEN311, help=", ".join(Source.values))
        create.add_argument(
            "--channel", default="", help="report_results 的分流渠道，如 jw12388、police110"
        )
        create.add_argument("--per-minute", type=int, default=60, help="每分钟调用上限")
        sub.add_parser("list", help="列出接入密钥")
        revoke = sub.add_parser("revoke", help="吊销接入密钥")
        revoke.add_argument("name")

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['sub']}")(options)
        except JiesuError as exc:
            raise CommandError(exc.message, returncode=2) from exc

    def _create(self, options):
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        key, raw = create_key(
            options["name"],
            scopes=scopes,
            source=options["source"],
            channel=options["channel"],
            per_minute=options["per_minute"],
        )
        self.stdout.write(
            f"已创建接入密钥“{key.name}”（{key.get_source_display()}；{'、'.join(key.scopes)}；"
            f"每分钟 {key.per_minute} 次；只显示这一次，请妥善保存）："
        )
        self.stdout.write(raw)

    def _list(self, options):
        for key in IntegrationKey.objects.order_by("name"):
            state = "已吊销" if key.revoked else "有效"
            self.stdout.write(
                f"{key.name}\t{key.prefix}…\t{key.source}\t{','.join(key.scopes)}\t"
                f"{key.per_minute}/分钟\t{state}"
            )

    def _revoke(self, options):
        key = revoke_key(options["name"])
        self.stdout.write(f"已吊销接入密钥“{key.name}”。")
