"""Periodic work of the handling desk, run by `jiesu worker` (Huey)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from jiesu.handling.actions.statements import remove_orphan_statements


@db_periodic_task(crontab(minute="17"))
def orphan_statements() -> int:
    """Once an hour: statement files left behind by uploads that rolled back."""
    return len(remove_orphan_statements())
