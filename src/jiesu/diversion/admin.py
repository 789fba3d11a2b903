from django.contrib import admin

from jiesu.core.admin import ReadOnlyAdmin
from jiesu.diversion.models import Diversion


@admin.register(Diversion)
class DiversionAdmin(ReadOnlyAdmin):
    """Read-only: diversions are written by the divert action only."""

    list_display = ("ticket", "channel", "external_ref", "created_at", "result_at")
    list_filter = ("channel",)
    search_fields = ("ticket__number", "external_ref")
    list_select_related = ("ticket",)
