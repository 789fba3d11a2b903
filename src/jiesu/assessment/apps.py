from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "jiesu.assessment"
    verbose_name = "考核评估"
