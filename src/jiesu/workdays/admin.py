"""Admin for the working-day calendar: administrators correct or add single days here.

Saving goes through `actions.set_day`, so the kind is derived consistently, the source is marked
``admin`` and the cached calendar is dropped; other processes pick the change up through the
loader's table signature.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.workdays import actions
from jiesu.workdays.choices import WEEKDAY_NAMES
from jiesu.workdays.models import CalendarDay


class YearListFilter(admin.SimpleListFilter):
    title = gettext_lazy("年份")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = CalendarDay.objects.dates("day", "year", order="DESC")
        return [(str(d.year), _("%(year)s 年") % {"year": d.year}) for d in years]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[CalendarDay]
    ) -> QuerySet[CalendarDay]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(day__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "weekday", "is_workday", "kind", "name", "source", "updated_at")
    list_filter = ("kind", YearListFilter, "is_workday", "source")
    search_fields = ("name", "day")
    date_hierarchy = "day"
    ordering = ("day",)
    fields = ("day", "is_workday", "name", "kind", "source", "updated_at")
    readonly_fields = ("kind", "source", "updated_at")
    list_per_page = 100

    @admin.display(description=gettext_lazy("星期"))
    def weekday(self, obj: CalendarDay) -> str:
        return str(WEEKDAY_NAMES[obj.day.weekday()])

    def get_readonly_fields(self, request: HttpRequest, obj: CalendarDay | None = None) -> Any:
        if obj is not None:  # a row is one date; to change another date, edit that date's row
            return ("day", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        saved = actions.set_day(obj.day, obj.is_workday, obj.name)
        obj.pk = saved.pk
        obj.kind = saved.kind
        obj.source = saved.source
        obj.updated_at = saved.updated_at
