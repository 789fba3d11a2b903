from django.contrib import admin

from jiesu.core.admin import ReadOnlyAdmin
from jiesu.supervision.models import ClueTransfer, Escalation, Instruction, Supervision


class RecordAdmin(ReadOnlyAdmin):
    """Supervision records are written by the supervision actions only."""

    list_select_related = ("ticket",)
    search_fields = ("ticket__number",)


@admin.register(Supervision)
class SupervisionAdmin(RecordAdmin):
    list_display = ("ticket", "unit", "deadline", "feedback_at", "opened_at", "closed_at")


@admin.register(Escalation)
class EscalationAdmin(RecordAdmin):
    list_display = ("ticket", "level", "unit", "at", "deadline", "feedback_at")
    list_filter = ("level",)


@admin.register(Instruction)
class InstructionAdmin(RecordAdmin):
    list_display = ("ticket", "leader", "unit", "at", "deadline", "feedback_at")


@admin.register(ClueTransfer)
class ClueTransferAdmin(RecordAdmin):
    list_display = ("ticket", "unit", "at")
