from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PortalConfig(AppConfig):
    name = "jiesu.portal"
    verbose_name = gettext_lazy("市民门户")
