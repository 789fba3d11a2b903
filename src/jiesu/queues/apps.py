from django.apps import AppConfig


class QueuesConfig(AppConfig):
    name = "jiesu.queues"
    verbose_name = "工作队列"
