"""Read-only admin of the audit log: administrators look, nobody edits or deletes."""

from django.contrib import admin

from jiesu.audit.models import PersonalDataRead


@admin.register(PersonalDataRead)
class PersonalDataReadAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "role", "unit", "ticket", "channel"]
    list_filter = ["channel", "role"]
    search_fields = ["username", "ticket__number"]
    date_hierarchy = "at"
    ordering = ["-at", "-id"]
    list_select_related = ["unit", "ticket"]
    show_full_result_count = False
    fields = ["at", "user", "username", "role", "unit", "ticket", "channel"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
