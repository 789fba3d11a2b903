from django.contrib import admin

from jiesu.supervision.models import ClueTransfer, Escalation, Instruction, Supervision


class ReadOnlyAdmin(admin.ModelAdmin):
    """Supervision records are written by the supervision actions only."""

    list_select_related = ("ticket",)
    search_fields = ("ticket__number",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "deadline", "opened_at", "closed_at")


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "level", "unit", "at")
    list_filter = ("level",)


@admin.register(Instruction)
class InstructionAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "leader", "at")


@admin.register(ClueTransfer)
class ClueTransferAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "unit", "at")
