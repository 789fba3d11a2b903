from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AssessmentConfig(AppConfig):
    name = "jiesu.assessment"
    verbose_name = gettext_lazy("考核评估")
