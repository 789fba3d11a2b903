from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueuesConfig(AppConfig):
    name = "jiesu.queues"
    verbose_name = _("工作队列")
