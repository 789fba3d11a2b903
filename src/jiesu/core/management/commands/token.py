from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jiesu.core.auth import create_token


class Command(BaseCommand):
    help = "API 令牌：jiesu token create 用户名（最后一行输出令牌）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        create = sub.add_parser("create", help="为用户创建令牌")
        create.add_argument("username")
        create.add_argument("--name", default="cli")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户不存在：{options['username']}", returncode=2)
        token = create_token(user, name=options["name"])
        self.stdout.write(f"已为 {user.username} 创建令牌（只显示这一次，请妥善保存）：")
        self.stdout.write(token)
