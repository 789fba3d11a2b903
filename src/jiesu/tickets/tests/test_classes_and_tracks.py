"""Classes and tracks are rules, not labels (R4, R5, R7, R8b, R11, R12): a D-class ticket is
diverted and a general consultation answered online, never dispatched until reclassified; the
fast track (联动快办) runs the open assignments on clock hours and leaving it puts them back on
working days; a category's legal time limit sets the base answer deadline."""

from __future__ import annotations

import pytest

from jiesu.catalogue.models import Category
from jiesu.core.errors import Conflict, ValidationFailed
from jiesu.handling.actions import decide_extension, request_extension
from jiesu.testing.builders import add_person, make_ticket, person
from jiesu.testing.loop import counts, dispatched, fresh_phone, kinds, sh
from jiesu.tickets import actions
from jiesu.tickets.actions.classify import classify_ticket
from jiesu.tickets.actions.recompute import recompute_deadlines
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Assignment

pytestmark = pytest.mark.usefixtures("city")

MON = sh(2026, 11, 23, 9)  # an ordinary week: Mon 23 … Fri 27, Mon 30


def classify(number, dispatch_class, track, *, at):
    return classify_ticket(
        number, dispatch_class=dispatch_class, track=track, actor=person("dispatcher"), now=at
    )


def dispatch(number, *, at, main="city-housing"):
    return actions.dispatch_ticket(
        number, main_unit=main, assist_units=[], actor=person("dispatcher"), now=at
    )


# --- R12, R11: what may not be dispatched ------------------------------------------------------


def test_a_d_class_ticket_is_diverted_not_dispatched():
    # given a ticket the platform classified D (outside 12345's scope)
    ticket = make_ticket(now=MON, caller_phone=fresh_phone())
    classify(ticket.number, "D", "time_limited", at=MON)
    before = counts()
    # when
    with pytest.raises(Conflict) as refused:
        dispatch(ticket.number, at=MON)
    # then
    assert (refused.value.code, refused.value.details["rule"]) == ("class_d_must_divert", "R12")
    assert counts() == before
    ticket.refresh_from_db()
    assert ticket.status == "accepted"


def test_a_d_class_ticket_reclassified_is_dispatched():
    # given
    ticket = make_ticket(now=MON, caller_phone=fresh_phone())
    classify(ticket.number, "D", "time_limited", at=MON)
    classify(ticket.number, "A", "time_limited", at=MON)
    # when
    created = dispatch(ticket.number, at=MON)
    # then
    assert [a.unit.code for a in created] == ["city-housing"]


def test_a_dispatched_ticket_is_not_made_d_class():
    # given a ticket already with a unit: D (divert elsewhere) would leave the unit's work open
    ticket, main = dispatched(at=MON)
    before = counts()
    # when
    with pytest.raises(Conflict) as refused:
        classify(ticket.number, "D", "time_limited", at=MON)
    # then nothing changes
    assert (refused.value.code, refused.value.details["rule"]) == ("class_d_after_dispatch", "R12")
    assert counts() == before
    ticket.refresh_from_db()
    main.refresh_from_db()
    assert (ticket.dispatch_class, ticket.status, main.status) == (
        "A",
        "dispatched",
        "pending_sign",
    )


def test_a_key_request_ends_when_the_platform_takes_class_c_away():
    # given a ticket the platform made a key request (C), then found it an ordinary one
    ticket = make_ticket(now=MON, caller_phone=fresh_phone())
    classify(ticket.number, "C", "time_limited", at=MON)
    # when
    classify(ticket.number, "A", "time_limited", at=MON)
    # then the deputy leader no longer has to review its reply (R16 follows the class)
    ticket.refresh_from_db()
    assert (ticket.dispatch_class, ticket.key_request) == ("A", False)


def test_a_general_consultation_is_answered_online_not_dispatched(api):
    # given a general consultation: intake puts it on the online track (R11)
    ticket = make_ticket(
        now=MON, appeal_type="consult_general", category=None, caller_phone=fresh_phone()
    )
    assert ticket.track == "online"
    before = counts()
    # when
    response = api("dispatcher").post(
        f"/tickets/{ticket.number}/dispatch", {"main_unit": "city-housing"}
    )
    # then
    assert (response.status, response.body["code"], response.body["rule"]) == (
        409,
        "general_consultation_answer_online",
        "R11",
    )
    assert counts() == before


def test_a_general_consultation_moved_off_the_online_track_is_dispatched():
    # given the knowledge base has no answer: the platform moves it to the time-limited track
    ticket = make_ticket(
        now=MON, appeal_type="consult_general", category=None, caller_phone=fresh_phone()
    )
    classify(ticket.number, "A", "time_limited", at=MON)
    # when
    [created] = dispatch(ticket.number, at=MON)
    # then it runs on the consultation's working days
    assert created.answer_deadline == sh(2026, 11, 26, 9)


# --- R5, R7: the fast track runs on clock hours ---------------------------------------------------


def test_classifying_fast_switches_open_assignments_to_hour_clocks(settings):
    # given a complaint dispatched on Monday 09:00 on working-day clocks, with an assisting unit
    settings.JIESU_URGENT_SIGN_HOURS, settings.JIESU_URGENT_ANSWER_HOURS = 1, 24
    ticket, main = dispatched(at=MON, assists=["city-urban"])
    assist = Assignment.objects.get(ticket=ticket, role="assist")
    actions.sign_assignment(main.pk, actor=person("handler"), now=sh(2026, 11, 23, 9, 30))
    assert (assist.sign_deadline, assist.answer_deadline) == (
        sh(2026, 11, 24, 9),
        sh(2026, 11, 30, 9),
    )
    # when the platform puts it on the fast track at 11:00
    classify(ticket.number, "A", "fast", at=sh(2026, 11, 23, 11))
    # then both open assignments run on hours from the switch
    ticket.refresh_from_db()
    assert ticket.urgent is True
    main.refresh_from_db()
    assist.refresh_from_db()
    assert assist.sign_deadline == sh(2026, 11, 23, 12)
    assert assist.answer_deadline == main.answer_deadline == sh(2026, 11, 24, 11)
    event = assist.events.get(kind=EventKind.DEADLINES_RECOMPUTED)
    assert event.data == {
        "cause": "classified",
        "urgent": True,
        "sign_deadline": "2026-11-23T12:00:00+08:00",
        "answer_deadline": "2026-11-24T11:00:00+08:00",
    }
    # and the event log reproduces the stored clocks
    assert recompute_deadlines(now=sh(2026, 11, 23, 12), dry_run=True) == []


def test_the_fast_track_never_gives_more_time_than_the_working_days_did():
    # given a complaint due Monday 2026-11-30 09:00, classified fast on Sunday evening
    ticket, main = dispatched(at=MON)
    # when
    classify(ticket.number, "A", "fast", at=sh(2026, 11, 29, 20))
    # then 24 hours from the switch would be later: the earlier deadline stays
    main.refresh_from_db()
    assert (main.sign_deadline, main.answer_deadline) == (sh(2026, 11, 24, 9), sh(2026, 11, 30, 9))
    assert recompute_deadlines(now=sh(2026, 11, 29, 21), dry_run=True) == []


def test_leaving_the_fast_track_puts_the_assignments_back_on_working_days():
    # given an urgent request dispatched on hour clocks
    ticket, main = dispatched(at=MON, urgent=True)
    assert main.answer_deadline == sh(2026, 11, 24, 9)
    # when the platform finds it is not urgent after all
    classify(ticket.number, "A", "time_limited", at=sh(2026, 11, 23, 10))
    # then the working-day clocks from dispatch rule again
    ticket.refresh_from_db()
    main.refresh_from_db()
    assert ticket.urgent is False
    assert (main.sign_deadline, main.answer_deadline) == (sh(2026, 11, 24, 9), sh(2026, 11, 30, 9))
    assert main.events.get(kind=EventKind.DEADLINES_RECOMPUTED).data["urgent"] is False
    assert recompute_deadlines(now=sh(2026, 11, 23, 11), dry_run=True) == []


def test_an_overdue_mark_of_the_hour_clock_goes_when_the_working_days_come_back():
    # given an urgent request on hour clocks, signed in time, swept overdue on Tuesday afternoon
    ticket, main = dispatched(at=MON, urgent=True)
    actions.sign_assignment(main.pk, actor=person("handler"), now=sh(2026, 11, 23, 9, 30))
    actions.sweep(now=sh(2026, 11, 24, 15))
    main.refresh_from_db()
    assert main.answer_overdue_at is not None
    # when it is taken off the fast track
    classify(ticket.number, "A", "time_limited", at=sh(2026, 11, 24, 16))
    # then it is due Monday again and no longer marked; the next sweep clears the ticket's flag
    main.refresh_from_db()
    assert (main.answer_deadline, main.answer_overdue_at) == (sh(2026, 11, 30, 9), None)
    actions.sweep(now=sh(2026, 11, 24, 16, 1))
    ticket.refresh_from_db()
    assert ticket.overdue is False


def test_a_class_change_on_the_same_track_leaves_the_clocks_alone():
    ticket, main = dispatched(at=MON)
    classify(ticket.number, "B", "time_limited", at=sh(2026, 11, 23, 10))
    main.refresh_from_db()
    assert main.answer_deadline == sh(2026, 11, 30, 9)
    assert "deadlines_recomputed" not in kinds(ticket)


def test_an_urgent_intake_taken_off_the_fast_track_before_dispatch_runs_on_working_days():
    # given
    ticket = make_ticket(now=MON, urgent=True, caller_phone=fresh_phone())
    assert (ticket.track, ticket.urgent) == ("fast", True)
    classify(ticket.number, "A", "time_limited", at=MON)
    # when
    [created] = dispatch(ticket.number, at=MON)
    # then
    assert created.answer_deadline == sh(2026, 11, 30, 9)


def test_an_extension_after_the_switch_counts_from_the_hour_clock():
    # given a complaint switched to the fast track on Monday 11:00, signed
    ticket, main = dispatched(at=MON)
    classify(ticket.number, "A", "fast", at=sh(2026, 11, 23, 11))
    actions.sign_assignment(main.pk, actor=person("handler"), now=sh(2026, 11, 23, 11, 30))
    # when one working day is approved
    request = request_extension(
        main.pk,
        working_days=1,
        reason="需现场核实。",
        actor=person("handler"),
        now=sh(2026, 11, 23, 12),
    )
    decide_extension(request.pk, approve=True, actor=person("dispatcher"), now=sh(2026, 11, 23, 13))
    # then: Tue 24 11:00 plus one working day
    main.refresh_from_db()
    assert main.answer_deadline == sh(2026, 11, 25, 11)
    assert recompute_deadlines(now=sh(2026, 11, 23, 14), dry_run=True) == []


# --- R7, R8b: a legal time limit sets the base answer deadline -----------------------------------


def test_a_legal_time_limit_sets_the_base_answer_deadline():
    # given 政府信息公开: 20 working days by law (demo catalogue)
    assert Category.objects.get(code="gov-info-disclosure").legal_time_limit_days == 20
    # when
    ticket, main = dispatched(at=MON, main="city-gov-service", category="gov-info-disclosure")
    # then 20 working days, not the complaint's 5: Nov 24–27, Nov 30–Dec 4, 7–11, 14–18, 21
    assert main.answer_deadline == sh(2026, 12, 21, 9)
    assert main.sign_deadline == sh(2026, 11, 24, 9)
    assert main.events.get(kind=EventKind.DISPATCHED).data["answer_working_days"] == 20
    assert recompute_deadlines(now=sh(2026, 11, 23, 10), dry_run=True) == []


def test_a_shorter_legal_time_limit_also_rules():
    # given a matter the law wants answered within 2 working days
    Category.objects.create(code="test-two-days", name="两日办结事项", legal_time_limit_days=2)
    # when
    _, main = dispatched(at=MON, category="test-two-days")
    # then
    assert main.answer_deadline == sh(2026, 11, 25, 9)


def test_no_extension_past_the_legal_time_limit():
    # given the base deadline is already the legal limit
    _, main = dispatched(at=MON, main="city-gov-service", category="gov-info-disclosure")
    handler = add_person("gov-handler", "unit_handler", "city-gov-service")
    actions.sign_assignment(main.pk, actor=handler, now=MON)
    # when / then
    with pytest.raises(ValidationFailed) as refused:
        request_extension(main.pk, working_days=1, reason="材料较多。", actor=handler, now=MON)
    assert (refused.value.code, refused.value.details["limit"]) == ("extension_limit_exceeded", 20)
