"""The one read-only admin base: records that change only through actions (tickets, requests,
supervision records, diversions, the audit log, reports) are looked at here, never edited."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
