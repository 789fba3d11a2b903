"""Read-only admin: the requests change only through actions."""

from django.contrib import admin

from jiesu.core.admin import ReadOnlyAdmin
from jiesu.handling.models import ExtensionRequest, ReturnRequest


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "assignment", "working_days", "status", "requested_at", "decided_at"]
    list_filter = ["status"]
    show_full_result_count = False


@admin.register(ReturnRequest)
class ReturnRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "assignment",
        "unit",
        "suggested_unit",
        "status",
        "owner_unit",
        "requested_at",
    ]
    list_filter = ["status"]
    list_select_related = ["unit", "suggested_unit", "owner_unit"]
    show_full_result_count = False
