from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "jiesu.tickets"
    verbose_name = _("工单")

    def ready(self) -> None:
        from jiesu.tickets import workflow
        from jiesu.tickets.models import Assignment, Reply, Ticket

        workflow.register(Ticket, workflow.TICKET)
        workflow.register(Assignment, workflow.ASSIGNMENT)
        workflow.register(Reply, workflow.REPLY)
