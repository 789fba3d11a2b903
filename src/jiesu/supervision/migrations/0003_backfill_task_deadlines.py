"""Escalations and instructions made before they were tasks (0002) have no deadline, so the
sweep never warned or marked them and nobody's queue showed them as due. Give each one that
is still waiting for feedback the deadline it would have had: the configured working days from
the moment it was made, on the working-day calendar as it stands."""

from django.conf import settings
from django.db import migrations


def backfill(apps, schema_editor):
    from jiesu.workdays.calendar import WorkingCalendar

    calendar_day = apps.get_model("workdays", "CalendarDay")
    days = dict(calendar_day.objects.order_by().values_list("day", "is_workday"))
    if not days:
        return  # a fresh database: nothing was made before 0002
    calendar = WorkingCalendar(days, {day.year for day in days})
    escalation = apps.get_model("supervision", "Escalation")
    instruction = apps.get_model("supervision", "Instruction")
    working_days = {
        "unit_leadership": settings.JIESU_ESCALATION_UNIT_DAYS,
        "city_government": settings.JIESU_ESCALATION_CITY_DAYS,
    }
    for task in escalation.objects.filter(deadline__isnull=True, feedback_at__isnull=True):
        task.deadline = calendar.add_working_days(task.at, working_days.get(task.level, 5))
        task.save(update_fields=["deadline"])
    for task in instruction.objects.filter(deadline__isnull=True, feedback_at__isnull=True):
        task.deadline = calendar.add_working_days(task.at, settings.JIESU_INSTRUCTION_DAYS)
        task.save(update_fields=["deadline"])


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0002_tasks"),
        ("workdays", "0002_seed_calendar"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
