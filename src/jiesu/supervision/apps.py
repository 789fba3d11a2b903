from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "jiesu.supervision"
    verbose_name = "督导（提级、督办、批示、线索移交）"

    def ready(self) -> None:
        from jiesu.supervision.actions import escalate_locked
        from jiesu.supervision.sweep import register
        from jiesu.tickets import hooks

        hooks.on_escalate(escalate_locked)
        register()
