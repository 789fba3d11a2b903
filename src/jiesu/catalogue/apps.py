from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "jiesu.catalogue"
    verbose_name = _("派单目录")
