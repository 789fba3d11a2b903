from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiversionConfig(AppConfig):
    name = "jiesu.diversion"
    verbose_name = _("分流与对外推送")

    def ready(self) -> None:
        from jiesu.diversion import follow
        from jiesu.diversion import workflow as delivery_workflow
        from jiesu.diversion.choices import DiversionChannel
        from jiesu.diversion.models import Delivery
        from jiesu.integrations import channels
        from jiesu.tickets import hooks, workflow

        workflow.register(Delivery, delivery_workflow.DELIVERY)
        hooks.on_event_written(follow.ticket_event_written)
        channels.register(DiversionChannel.choices)  # what a results key may be scoped to
