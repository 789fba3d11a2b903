from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DeskConfig(AppConfig):
    name = "jiesu.desk"
    verbose_name = gettext_lazy("工作台")
