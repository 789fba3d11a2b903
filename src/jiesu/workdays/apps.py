from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "jiesu.workdays"
    verbose_name = "工作日历"
