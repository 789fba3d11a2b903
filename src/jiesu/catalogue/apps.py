from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "jiesu.catalogue"
    verbose_name = "派单目录"
