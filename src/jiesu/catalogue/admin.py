from django.contrib import admin

from jiesu.catalogue.models import Category, Route


class RouteInline(admin.TabularInline):
    model = Route
    extra = 0
    autocomplete_fields = ["main_unit", "assist_units"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "legal_time_limit_days", "utility", "active"]
    list_filter = ["utility", "active"]
    search_fields = ["code", "name"]
    inlines = [RouteInline]
