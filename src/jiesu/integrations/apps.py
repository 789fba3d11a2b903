from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "jiesu.integrations"
    verbose_name = "外部系统接入"
