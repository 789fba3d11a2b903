"""The working-day calendar table that administrators edit (DESIGN §4, R7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy

from jiesu.workdays.choices import DayKind, DaySource


class CalendarDay(models.Model):
    """One calendar date and whether it is a working day.

    The table is data, not code: seeded from chinese-calendar by a migration, extended by
    ``jiesu calendar seed`` / ``import`` and edited in the admin. `loader.get_calendar()` turns
    it into the pure `WorkingCalendar`.
    """

    day = models.DateField(gettext_lazy("日期"), unique=True)
    is_workday = models.BooleanField(gettext_lazy("是否工作日"))
    kind = models.CharField(gettext_lazy("类型"), max_length=16, choices=DayKind.choices)
    name = models.CharField(gettext_lazy("节日名称"), max_length=64, blank=True, default="")
    source = models.CharField(
        gettext_lazy("来源"), max_length=16, choices=DaySource.choices, default=DaySource.SEED
    )
    updated_at = models.DateTimeField(gettext_lazy("更新时间"), auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = gettext_lazy("日历日")
        verbose_name_plural = gettext_lazy("工作日历")

    def __str__(self) -> str:
        label = self.get_kind_display()
        return f"{self.day.isoformat()} {label}{f'（{self.name}）' if self.name else ''}"
