from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import JiesuError
from jiesu.integrations.actions import create_key, revoke_key
from jiesu.integrations.choices import Scope, Source
from jiesu.integrations.models import IntegrationKey


class Command(BaseCommand):
    help = gettext_lazy(
        "接入密钥：jiesu integration create 名称 --scopes submit,read_own（最后一行输出密钥）。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        create = sub.add_parser("create", help=_("为外部系统创建接入密钥"))
        create.add_argument("name")
        create.add_argument(
            "--scopes",
            default=f"{Scope.SUBMIT},{Scope.READ_OWN}",
            help=_("逗号分隔：%(join)s") % {"join": ", ".join(Scope.values)},
        )
        create.add_argument("--source", default=Source.OPEN311, help=", ".join(Source.values))
        create.add_argument(
            "--channel", default="", help=_("report_results 的分流渠道，如 jw12388、police110")
        )
        create.add_argument("--per-minute", type=int, default=60, help=_("每分钟调用上限"))
        sub.add_parser("list", help=_("列出接入密钥"))
        revoke = sub.add_parser("revoke", help=_("吊销接入密钥"))
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
            _(
                "已创建接入密钥“%(name)s”（%(get_source_display)s；%(join)s；每分钟 %(per_minute)s 次；只显示这一次，请妥善保存）："
            )
            % {
                "name": key.name,
                "get_source_display": key.get_source_display(),
                "join": "、".join(key.scopes),
                "per_minute": key.per_minute,
            }
        )
        self.stdout.write(raw)

    def _list(self, options):
        for key in IntegrationKey.objects.order_by("name"):
            state = _("已吊销") if key.revoked else _("有效")
            self.stdout.write(
                _(
                    "%(name)s	%(prefix)s…	%(source)s	%(join)s	%(per_minute)s/分钟	%(state)s"
                )
                % {
                    "name": key.name,
                    "prefix": key.prefix,
                    "source": key.source,
                    "join": ",".join(key.scopes),
                    "per_minute": key.per_minute,
                    "state": state,
                }
            )

    def _revoke(self, options):
        key = revoke_key(options["name"])
        self.stdout.write(_("已吊销接入密钥“%(name)s”。") % {"name": key.name})
