from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "jiesu.portal"
    verbose_name = "市民门户"
