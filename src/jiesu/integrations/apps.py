from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class IntegrationsConfig(AppConfig):
    name = "jiesu.integrations"
    verbose_name = gettext_lazy("外部系统接入")
