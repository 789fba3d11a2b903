"""Read-mostly admin: tickets and their records change only through actions."""

from django.contrib import admin

from jiesu.core.admin import ReadOnlyAdmin
from jiesu.tickets.models import Assignment, Event, Ticket


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["number", "subject", "appeal_type", "status", "region", "created_at"]
    list_filter = ["status", "appeal_type", "dispatch_class", "track", "urgent"]
    search_fields = ["number", "subject"]
    list_select_related = ["region"]
    show_full_result_count = False
    # The caller's personal data is shown only where each read is audited (docs/audit.md).
    exclude = ["caller_name", "caller_phone", "caller_id_number"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["id", "ticket", "unit", "role", "status", "sign_deadline", "answer_deadline"]
    list_filter = ["status", "role"]
    list_select_related = ["ticket", "unit"]
    show_full_result_count = False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["id", "ticket", "kind", "at", "actor_name", "actor_role"]
    list_filter = ["kind"]
    list_select_related = ["ticket"]
    show_full_result_count = False
