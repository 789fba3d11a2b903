from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class WorkdaysConfig(AppConfig):
    name = "jiesu.workdays"
    verbose_name = gettext_lazy("工作日历")
