from django.apps import AppConfig


class DiversionConfig(AppConfig):
    name = "jiesu.diversion"
    verbose_name = "分流"
