"""Deadlines can be recomputed from the event log (R7): after a calendar correction the stored
clocks follow, each change recorded as an event; unchanged clocks are left alone."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from jiesu.testing.builders import SH, make_ticket, person
from jiesu.tickets.actions import dispatch_ticket
from jiesu.tickets.actions.recompute import recompute_deadlines
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Assignment, Event
from jiesu.workdays.actions import set_day


@pytest.fixture
def dispatched(city):
    ticket = make_ticket(now=datetime(2025, 11, 3, 10, 0, tzinfo=SH))  # Monday
    dispatch_ticket(
        ticket.number,
        main_unit="city-housing",
        actor=person("operator"),
        now=datetime(2025, 11, 3, 10, 0, tzinfo=SH),
    )
    return Assignment.objects.get(ticket=ticket)


def test_nothing_changes_when_the_calendar_did_not(dispatched):
    # given / when
    changes = recompute_deadlines(now=datetime(2025, 11, 3, 12, 0, tzinfo=SH))
    # then
    assert changes == []
    assert not Event.objects.filter(kind=EventKind.DEADLINES_RECOMPUTED).exists()


def test_a_new_holiday_moves_open_deadlines(dispatched):
    # given Tuesday 2025-11-04 declared a day off after dispatch
    assert dispatched.sign_deadline == datetime(2025, 11, 4, 10, 0, tzinfo=SH)
    assert dispatched.answer_deadline == datetime(2025, 11, 10, 10, 0, tzinfo=SH)
    set_day(date(2025, 11, 4), False, "临时休息")
    # when
    changes = recompute_deadlines(now=datetime(2025, 11, 3, 12, 0, tzinfo=SH))
    # then both clocks move one working day and the change is on the record
    dispatched.refresh_from_db()
    assert dispatched.sign_deadline == datetime(2025, 11, 5, 10, 0, tzinfo=SH)
    assert dispatched.answer_deadline == datetime(2025, 11, 11, 10, 0, tzinfo=SH)
    assert {c[1] for c in changes} == {"sign_deadline", "answer_deadline"}
    event = Event.objects.get(kind=EventKind.DEADLINES_RECOMPUTED)
    assert event.data["answer_deadline"] == "2025-11-11T10:00:00+08:00"


def test_dry_run_command_lists_without_saving(dispatched):
    # given
    set_day(date(2025, 11, 4), False, "临时休息")
    out = StringIO()
    # when
    call_command("deadlines", "recompute", "--dry-run", stdout=out)
    # then
    assert "将更新 2 个时限" in out.getvalue()
    dispatched.refresh_from_db()
    assert dispatched.sign_deadline == datetime(2025, 11, 4, 10, 0, tzinfo=SH)
