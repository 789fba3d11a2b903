from django.contrib import admin

from jiesu.integrations.models import Call, InboundTicket, IntegrationKey


@admin.register(IntegrationKey)
class IntegrationKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "source", "scopes", "per_minute", "revoked", "last_used_at")
    readonly_fields = ("prefix", "user", "created_at", "last_used_at")


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("at", "key", "credential", "method", "path", "status")
    list_filter = ("status", "method")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InboundTicket)
class InboundTicketAdmin(admin.ModelAdmin):
    list_display = ("source", "external_id", "ticket", "at")
    raw_id_fields = ("ticket",)
