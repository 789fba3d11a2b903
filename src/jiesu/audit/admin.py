"""Read-only admin of the audit log: administrators look, nobody edits or deletes."""

from django.contrib import admin

from jiesu.audit.models import PersonalDataRead
from jiesu.core.admin import ReadOnlyAdmin


@admin.register(PersonalDataRead)
class PersonalDataReadAdmin(ReadOnlyAdmin):
    list_display = ["at", "username", "role", "unit", "ticket", "channel"]
    list_filter = ["channel", "role"]
    search_fields = ["username", "ticket__number"]
    date_hierarchy = "at"
    ordering = ["-at", "-id"]
    list_select_related = ["unit", "ticket"]
    show_full_result_count = False
    fields = ["at", "user", "username", "role", "unit", "ticket", "channel"]
    readonly_fields = fields
