from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "jiesu.desk"
    verbose_name = "工作台"
