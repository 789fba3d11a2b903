from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandlingConfig(AppConfig):
    name = "jiesu.handling"
    verbose_name = _("处办端申请（退单、延期、争议）")

    def ready(self) -> None:
        from jiesu.handling import workflow as requests_workflow
        from jiesu.handling.actions.withdraw import withdraw_open_requests
        from jiesu.handling.models import ExtensionRequest, ReturnRequest
        from jiesu.tickets import hooks, workflow

        hooks.on_assignment_withdrawn(withdraw_open_requests)
        workflow.register(ExtensionRequest, requests_workflow.EXTENSION)
        workflow.register(ReturnRequest, requests_workflow.RETURN)
