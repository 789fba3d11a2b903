from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "jiesu.organisation"
    verbose_name = "组织机构"
