from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "jiesu.tickets"
    verbose_name = "工单"
