"""Seed the working-day calendar from chinese-calendar for every year it knows from 2020 on.

Self-contained on purpose (a migration must not depend on app code that changes later): it
repeats the small classification rule of `jiesu.workdays.choices.kind_for`. Days that already
exist are left alone, so the migration never overwrites an administrator's edit.
"""

from datetime import date, timedelta

from django.db import migrations
from django.utils import timezone

FIRST_YEAR = 2020


def _calendar_rows(year):
    import chinese_calendar

    day = date(year, 1, 1)
    while day.year == year:
        resting, english_name = chinese_calendar.get_holiday_detail(day)
        name = ""
        if english_name:
            try:
                name = chinese_calendar.Holiday(english_name).chinese
            except ValueError:
                name = english_name
        is_workday = not resting
        weekend = day.weekday() >= 5
        if is_workday:
            kind = "makeup_workday" if weekend else "workday"
        elif not weekend or name:
            kind = "holiday"
        else:
            kind = "weekend"
        yield day, is_workday, kind, name
        day += timedelta(days=1)


def seed_calendar(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("workdays", "CalendarDay")
    last_year = max(max(chinese_calendar.holidays).year, max(chinese_calendar.workdays).year)
    now = timezone.now()
    existing = set(CalendarDay.objects.values_list("day", flat=True))
    rows = [
        CalendarDay(
            day=day, is_workday=is_workday, kind=kind, name=name, source="seed", updated_at=now
        )
        for year in range(FIRST_YEAR, last_year + 1)
        for day, is_workday, kind, name in _calendar_rows(year)
        if day not in existing
    ]
    CalendarDay.objects.bulk_create(rows, batch_size=500)


def unseed_calendar(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarDay.objects.filter(source="seed").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workdays", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_calendar, unseed_calendar),
    ]
