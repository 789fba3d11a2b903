from django.contrib import admin

from jiesu.portal.models import Photo


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ("ticket", "file", "content_type", "size", "at")
    raw_id_fields = ("ticket",)
