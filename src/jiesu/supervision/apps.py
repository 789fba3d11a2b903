from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "jiesu.supervision"
    verbose_name = _("督导（提级、督办、批示、线索移交）")

    def ready(self) -> None:
        from jiesu.supervision.actions import escalate_locked
        from jiesu.supervision.sweep import register
        from jiesu.tickets import hooks

        hooks.on_escalate(escalate_locked)
        register()
