from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "jiesu.knowledge"
    verbose_name = "知识库"
