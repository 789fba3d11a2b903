from django.contrib import admin

from jiesu.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "reason", "text", "read_at")
    list_filter = ("reason",)
    raw_id_fields = ("recipient", "event", "ticket")
