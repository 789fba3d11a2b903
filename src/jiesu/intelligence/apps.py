from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class IntelligenceConfig(AppConfig):
    name = "jiesu.intelligence"
    verbose_name = gettext_lazy("智能受理")

    def ready(self) -> None:
        from jiesu.intelligence.suggest import index_ticket
        from jiesu.tickets import hooks

        hooks.on_taken_in(index_ticket)
