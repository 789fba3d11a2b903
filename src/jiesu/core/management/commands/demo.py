from django.core.management.base import BaseCommand

from jiesu.core.demo import load_demo


class Command(BaseCommand):
    help = "载入演示城市（黄石）：两级平台、单位、派单目录和每个角色的演示账号。"

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("演示城市已载入：黄石市（市平台 + 6个县级平台）。"))
        self.stdout.write("演示账号（用户名 / 密码 / 角色 / 单位）：")
        for username, password, role, unit in logins:
            self.stdout.write(f"  {username:<12} {password:<18} {role:<10} {unit}")
