"""Deadlines of an assignment (R7, "1357"), computed at dispatch on the working-day calendar
(调休 make-up days, National Day, Spring Festival), stored, and recomputable from the event log."""

from __future__ import annotations

import logging

import pytest

from jiesu.testing.builders import person
from jiesu.testing.loop import dispatched, replied, sh
from jiesu.tickets import actions, deadlines
from jiesu.tickets.choices import EventKind
from jiesu.workdays import loader
from jiesu.workdays.calendar import MissingCalendarYear

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture(autouse=True)
def _fresh_calendar():
    # the "no data for this year" warning is given once per calendar object
    loader.invalidate()
    yield
    loader.invalidate()


def test_sign_deadline_on_a_make_up_sunday():
    # given a dispatch on Fri 2025-09-26 15:00; Sat 27 is off, Sun 28 is a make-up working day
    # when
    _, a = dispatched(at=sh(2025, 9, 26, 15))
    # then one working day ends on Sunday at the same time
    assert a.sign_deadline == sh(2025, 9, 28, 15)


@pytest.mark.parametrize(
    ("at", "appeal_type", "sign", "answer"),
    [
        # complaint, 5 working days: Sun 28 (调休), Mon 29, Tue 30, [Oct 1–8 off], Thu 9, Fri 10
        (sh(2025, 9, 26, 15), "complaint", sh(2025, 9, 28, 15), sh(2025, 10, 10, 15)),
        # professional consultation, 3 working days: Sun 28, Mon 29, Tue 30
        (sh(2025, 9, 26, 15), "consult_professional", sh(2025, 9, 28, 15), sh(2025, 9, 30, 15)),
        # help and report also 5
        (sh(2025, 9, 26, 15), "help", sh(2025, 9, 28, 15), sh(2025, 10, 10, 15)),
        (sh(2025, 9, 26, 15), "report", sh(2025, 9, 28, 15), sh(2025, 10, 10, 15)),
        # across National Day 2025 and the make-up Saturday 2025-10-11: 9, 10, 11 (调休), 13, 14
        (sh(2025, 9, 30, 10), "complaint", sh(2025, 10, 9, 10), sh(2025, 10, 14, 10)),
        # Spring Festival 2026: Sat Feb 14 is a make-up day, Feb 15–23 off: 14, 24, 25, 26, 27
        (sh(2026, 2, 13, 9, 30), "complaint", sh(2026, 2, 14, 9, 30), sh(2026, 2, 27, 9, 30)),
        (
            sh(2026, 2, 13, 9, 30),
            "consult_professional",
            sh(2026, 2, 14, 9, 30),
            sh(2026, 2, 25, 9, 30),
        ),
        # the make-up Saturday 2026-02-28: 27, 28 (调休), Mar 2, 3, 4
        (sh(2026, 2, 26, 10), "complaint", sh(2026, 2, 27, 10), sh(2026, 3, 4, 10)),
        # the make-up Saturday 2026-10-10 after National Day 2026: 10 (调休), 12, 13, 14, 15
        (sh(2026, 10, 9, 14), "complaint", sh(2026, 10, 10, 14), sh(2026, 10, 15, 14)),
        # an ordinary week: Mon → next Mon
        (sh(2026, 11, 23, 11), "complaint", sh(2026, 11, 24, 11), sh(2026, 11, 30, 11)),
    ],
)
def test_deadlines_at_dispatch(at, appeal_type, sign, answer):
    # when
    _, a = dispatched(at=at, appeal_type=appeal_type)
    # then the stored clocks, the API view and the dispatch event agree
    assert (a.sign_deadline, a.answer_deadline) == (sign, answer)
    a.refresh_from_db()
    assert (a.sign_deadline, a.answer_deadline) == (sign, answer)
    event = a.events.get(kind=EventKind.DISPATCHED)
    assert event.data["sign_deadline"] == sign.isoformat()
    assert event.data["answer_deadline"] == answer.isoformat()


@pytest.mark.parametrize(
    ("at", "sign", "answer"),
    [
        # Fri 2025-10-03 is a National Day holiday: the clock starts Thu Oct 9 00:00, so one
        # working day ends at 24:00 of Oct 9; five end at 24:00 of Oct 14 (9, 10, 11, 13, 14)
        (sh(2025, 10, 3, 10), sh(2025, 10, 10, 0), sh(2025, 10, 15, 0)),
        # a Saturday night of an ordinary weekend counts from Monday 00:00
        (sh(2026, 11, 28, 23, 30), sh(2026, 12, 1, 0), sh(2026, 12, 5, 0)),
        # 2026-02-16 in the Spring Festival counts from Tue Feb 24 00:00; the fifth working day
        # is the make-up Saturday Feb 28 (24, 25, 26, 27, 28), so the answer is due at its 24:00
        (sh(2026, 2, 16, 20), sh(2026, 2, 25, 0), sh(2026, 3, 1, 0)),
    ],
)
def test_dispatch_on_a_day_off_counts_from_the_next_working_day(at, sign, answer):
    _, a = dispatched(at=at)
    assert (a.sign_deadline, a.answer_deadline) == (sign, answer)


def test_year_without_calendar_data_falls_back_to_monday_to_friday_and_warns(caplog):
    # given no calendar data for 2031
    # when a ticket is dispatched on Fri 2031-01-03 10:00
    with (
        caplog.at_level(logging.WARNING, logger="jiesu.workdays"),
        pytest.warns(MissingCalendarYear),
    ):
        _, a = dispatched(at=sh(2031, 1, 3, 10))
    # then nothing crashes, Monday–Friday is used, and the gap is reported loudly
    assert a.sign_deadline == sh(2031, 1, 6, 10)
    assert a.answer_deadline == sh(2031, 1, 10, 10)
    assert any("2031" in r.getMessage() for r in caplog.records)


def test_urgent_matters_run_on_clock_hours(settings):
    # given a utility category (R8: dispatched directly and flagged urgent) on a Saturday night
    settings.JIESU_URGENT_SIGN_HOURS = 1
    settings.JIESU_URGENT_ANSWER_HOURS = 24
    # when
    ticket, a = dispatched(at=sh(2026, 11, 28, 22), main="hs-water", category="utility-water")
    # then the weekend does not stop the clock
    assert ticket.urgent is True
    assert a.sign_deadline == sh(2026, 11, 28, 23)
    assert a.answer_deadline == sh(2026, 11, 29, 22)


def test_time_limits_are_configuration(settings):
    # given complaints answered in 3 working days and signing in 2
    settings.JIESU_ANSWER_WORKING_DAYS = {**settings.JIESU_ANSWER_WORKING_DAYS, "complaint": 3}
    settings.JIESU_SIGN_WORKING_DAYS = 2
    # when
    _, a = dispatched(at=sh(2026, 11, 23, 11))
    # then
    assert a.sign_deadline == sh(2026, 11, 25, 11)
    assert a.answer_deadline == sh(2026, 11, 26, 11)


@pytest.mark.parametrize(
    "at", [sh(2025, 9, 26, 15), sh(2025, 10, 3, 10), sh(2026, 2, 13, 9, 30), sh(2026, 11, 28, 22)]
)
def test_from_events_equals_the_stored_deadlines(at):
    # given
    _, a = dispatched(at=at, assists=["city-urban"])
    # when the clocks are recomputed from the log alone
    for assignment in a.ticket.assignments.all():
        clocks = deadlines.from_events(assignment)
        # then
        assert clocks.sign_deadline == assignment.sign_deadline
        assert clocks.answer_deadline == assignment.answer_deadline


def test_from_events_follows_the_restart_after_an_unsatisfied_callback():
    # given a ticket replied in Sept 2025 and called back unsatisfied on Tue 2025-09-30 11:00
    ticket, main = replied(at=sh(2025, 9, 26, 15))
    actions.callback_ticket(
        ticket.number, result="unsatisfied", actor=person("operator"), now=sh(2025, 9, 30, 11)
    )
    main.refresh_from_db()
    # then the stored answer clock restarted: 5 working days from Sep 30 11:00 → Oct 14 11:00
    assert main.clock_started_at == sh(2025, 9, 30, 11)
    assert main.answer_deadline == sh(2025, 10, 14, 11)
    assert main.sign_deadline == sh(2025, 9, 28, 15)
    # and the log gives the same clocks
    clocks = deadlines.from_events(main)
    assert (clocks.sign_deadline, clocks.answer_deadline) == (
        main.sign_deadline,
        main.answer_deadline,
    )


def test_from_events_adds_approved_extensions(city):
    # given an approved extension of 3 working days recorded in the log (data shape of R8b)
    from jiesu.tickets import events

    _, a = dispatched(at=sh(2026, 11, 23, 11))
    events.extension_decided(
        a.ticket,
        a,
        actor=person("dispatcher"),
        at=sh(2026, 11, 24, 9),
        request=1,
        approve=True,
        working_days=3,
        reason="",
    )
    events.extension_decided(
        a.ticket,
        a,
        actor=person("dispatcher"),
        at=sh(2026, 11, 24, 10),
        request=2,
        approve=False,
        working_days=5,
        reason="",
    )
    # when
    clocks = deadlines.from_events(a)
    # then 5 + 3 working days from Mon 2026-11-23 11:00 → Thu 2026-12-03 11:00
    assert clocks.answer_deadline == sh(2026, 12, 3, 11)
    assert clocks.sign_deadline == a.sign_deadline
