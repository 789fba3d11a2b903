from django.apps import AppConfig


class HandlingConfig(AppConfig):
    name = "jiesu.handling"
    verbose_name = "处办端申请（退单、延期、争议）"

    def ready(self) -> None:
        from jiesu.handling.actions.withdraw import withdraw_open_requests
        from jiesu.tickets import hooks

        hooks.on_assignment_withdrawn(withdraw_open_requests)
