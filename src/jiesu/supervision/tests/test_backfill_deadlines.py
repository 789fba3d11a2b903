"""Migration 0003: escalations and instructions made before they were tasks get the deadline
they would have had, so that the sweep and the owners' queues see them; answered ones and ones
that already have a deadline are left alone."""

from __future__ import annotations

import importlib
from datetime import datetime

from django.apps import apps

from jiesu.supervision.models import Escalation, Instruction
from jiesu.testing.builders import SH, dispatched, person

backfill = importlib.import_module(
    "jiesu.supervision.migrations.0003_backfill_task_deadlines"
).backfill

# made Mon 2025-06-23 09:00: 5 working days → Mon 06-30 09:00, 10 → Mon 07-07 09:00
FIVE_DAYS = datetime(2025, 6, 30, 9, 0, tzinfo=SH)
TEN_DAYS = datetime(2025, 7, 7, 9, 0, tzinfo=SH)


def test_open_tasks_without_a_deadline_get_theirs_from_the_calendar(api, settings):
    # given rows as an older version left them: no deadline
    settings.JIESU_ESCALATION_CITY_DAYS = 10
    ticket = dispatched()
    api("supervisor").post(f"/tickets/{ticket.number}/escalate", {"reason": "久拖未决"})
    api("supervisor").post(f"/tickets/{ticket.number}/escalate", {"reason": "仍未解决"})
    instruction = Instruction.objects.create(
        ticket=ticket, leader="市长", content="尽快解决", at=ticket.created_at
    )
    answered = Instruction.objects.create(
        ticket=ticket,
        leader="副市长",
        content="已阅",
        at=ticket.created_at,
        feedback="已办理",
        feedback_at=ticket.created_at,
        feedback_by_id=person("supervisor").user_id,
    )
    Escalation.objects.update(deadline=None)
    # when
    backfill(apps, None)
    # then
    deadlines = dict(Escalation.objects.values_list("level", "deadline"))
    assert deadlines == {"unit_leadership": FIVE_DAYS, "city_government": TEN_DAYS}
    instruction.refresh_from_db()
    answered.refresh_from_db()
    assert (instruction.deadline, answered.deadline) == (FIVE_DAYS, None)


def test_a_deadline_already_set_is_kept(api):
    # given
    ticket = dispatched()
    api("supervisor").post(f"/tickets/{ticket.number}/escalate", {"reason": "久拖未决"})
    Escalation.objects.update(deadline=TEN_DAYS)
    # when
    backfill(apps, None)
    # then
    assert Escalation.objects.get().deadline == TEN_DAYS
