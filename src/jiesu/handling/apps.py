from django.apps import AppConfig


class HandlingConfig(AppConfig):
    name = "jiesu.handling"
    verbose_name = "处办端申请（退单、延期、争议）"
