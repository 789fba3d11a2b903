from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EnterpriseConfig(AppConfig):
    name = "jiesu.enterprise"
    verbose_name = gettext_lazy("企业兜底办")

    def ready(self) -> None:
        from jiesu.enterprise import sync
        from jiesu.enterprise import workflow as case_workflow
        from jiesu.enterprise.models import EnterpriseCase
        from jiesu.tickets import hooks, workflow

        workflow.register(EnterpriseCase, case_workflow.CASE)
        hooks.on_event_written(sync.case_event_written)
