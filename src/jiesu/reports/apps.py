from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "jiesu.reports"
    verbose_name = "报告"
