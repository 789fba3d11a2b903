"""Periodic work run by `jiesu worker` (Huey): tell people what the event log holds for them."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from jiesu.notifications.actions import deliver


@db_periodic_task(crontab(minute="*"))
def notify():
    d = deliver()
    return {
        "events": d.events,
        "notifications": d.notifications,
        "emails": d.emails,
        "texts": d.texts,
    }
