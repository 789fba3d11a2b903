from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class KnowledgeConfig(AppConfig):
    name = "jiesu.knowledge"
    verbose_name = gettext_lazy("知识库")

    def ready(self) -> None:
        from jiesu.knowledge import workflow as knowledge_workflow
        from jiesu.knowledge.models import Document
        from jiesu.tickets import workflow

        workflow.register(Document, knowledge_workflow.DOCUMENT)
