"""Periodic work run by `jiesu worker` (Huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from jiesu.tickets.actions import sweep


@db_periodic_task(crontab(minute="*"))
def sla_sweep():
    return sweep().counts
