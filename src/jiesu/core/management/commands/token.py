from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import JiesuError
from jiesu.organisation.auth import create_token
from jiesu.organisation.models import ApiToken


class Command(BaseCommand):
    help = gettext_lazy("API 令牌：jiesu token create 用户名（最后一行输出令牌）。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        create = sub.add_parser("create", help=_("为用户创建令牌"))
        create.add_argument("username")
        create.add_argument("--name", default="cli")
        create.add_argument(
            "--days",
            type=int,
            default=None,
            help=_("有效天数（默认取 JIESU_TOKEN_DAYS；0 表示长期有效）"),
        )

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(
                _("用户不存在：%(username)s") % {"username": options["username"]}, returncode=2
            )
        try:
            token = create_token(user, name=options["name"], days=options["days"])
        except JiesuError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        expires_at = ApiToken.objects.get(prefix=token[:8], user=user).expires_at
        until = (
            _("有效期至 %(until)s")
            % {"until": format(timezone.localtime(expires_at), "%Y-%m-%d %H:%M")}
            if expires_at
            else _("长期有效")
        )
        self.stdout.write(
            _("已为 %(username)s 创建令牌（%(until)s；只显示这一次，请妥善保存）：")
            % {"username": user.username, "until": until}
        )
        self.stdout.write(token)
