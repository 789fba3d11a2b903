from django.contrib import admin

from jiesu.core.admin import ReadOnlyAdmin
from jiesu.reports.models import HotspotReport


@admin.register(HotspotReport)
class HotspotReportAdmin(ReadOnlyAdmin):
    """Read-only: reports are written by ``actions.generate_weekly_hotspots`` only, and a new
    version is generated rather than an old one changed."""

    list_display = (
        "title",
        "version",
        "ticket_count",
        "rising_count",
        "new_count",
        "generated_at",
        "generated_by",
    )
    list_filter = ("period_end",)
    date_hierarchy = "period_end"
    list_select_related = ("generated_by",)
    ordering = ("-period_end", "-version")
