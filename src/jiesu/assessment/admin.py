from django.contrib import admin

from jiesu.assessment.models import Call
from jiesu.core.admin import ReadOnlyAdmin


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    """Read-only: call records come from ``jiesu calls import`` only."""

    list_display = ("call_id", "platform", "offered_at", "answered_at", "wait_seconds")
    list_filter = ("platform",)
    date_hierarchy = "offered_at"
    list_select_related = ("platform",)
