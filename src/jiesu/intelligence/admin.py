"""The classifier's models and the imported tickets' sources, read-only: models are made by
``jiesu ml train``, sources by ``jiesu history import``. The model list says, above it, why there
are no suggestions when there are none (no model yet, its file missing, corrupt or outdated),
and when the same-matter index still holds keys of an older formula (decision 0109)."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.admin import ReadOnlyAdmin
from jiesu.intelligence import matterindex, store
from jiesu.intelligence.models import HistoryRecord, TrainedModel


@admin.register(TrainedModel)
class TrainedModelAdmin(ReadOnlyAdmin):
    list_display = ("version", "active", "trained_at", "samples", "seconds", "macro_f1", "accuracy")
    list_filter = ("active",)
    ordering = ("-trained_at",)

    @admin.display(description=gettext_lazy("留出评估 macro-F1"))
    def macro_f1(self, obj: TrainedModel) -> str:
        return _score(obj.metrics.get("macro_f1"))

    @admin.display(description=gettext_lazy("留出评估准确率"))
    def accuracy(self, obj: TrainedModel) -> str:
        return _score(obj.metrics.get("accuracy"))

    def changelist_view(self, request, extra_context=None):
        problem = store.problem()
        if problem:
            messages.warning(request, _("智能建议已停用：%(problem)s") % {"problem": problem})
        stale = matterindex.problem()
        if stale:
            messages.warning(request, stale)
        return super().changelist_view(request, extra_context)


def _score(value) -> str:
    return "—" if value is None else f"{value:.3f}"


@admin.register(HistoryRecord)
class HistoryRecordAdmin(ReadOnlyAdmin):
    list_display = ("source_id", "source", "ticket", "unit_name", "replied_at", "support")
    list_filter = ("source",)
    search_fields = ("source_id", "ticket__number")
    list_select_related = ("ticket",)
    raw_id_fields = ("ticket",)
