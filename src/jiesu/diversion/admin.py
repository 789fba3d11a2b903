from django.contrib import admin

from jiesu.diversion.models import Diversion


@admin.register(Diversion)
class DiversionAdmin(admin.ModelAdmin):
    """Read-only: diversions are written by the divert action only."""

    list_display = ("ticket", "channel", "external_ref", "created_at", "result_at")
    list_filter = ("channel",)
    search_fields = ("ticket__number", "external_ref")
    list_select_related = ("ticket",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
