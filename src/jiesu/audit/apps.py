from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiesu.audit"
    verbose_name = "审计"
