"""Callback (R17): satisfied closes; unsatisfied re-opens the main unit's work on a fresh clock;
unreached is counted and closes after settings.JIESU_CALLBACK_MAX_UNREACHED attempts."""

from __future__ import annotations

import pytest

from jiesu.core.errors import Conflict, Forbidden, ValidationFailed
from jiesu.testing.builders import make_ticket, person
from jiesu.testing.loop import counts, dispatched, kinds, replied, sh
from jiesu.tickets import actions
from jiesu.tickets.actions import sla
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Callback

pytestmark = pytest.mark.usefixtures("city")

AT = sh(2026, 11, 24, 9, 30)
CALL = sh(2026, 11, 30, 10)


def callback(ticket, result, by="operator", now=CALL, comment=""):
    return actions.callback_ticket(
        ticket.number, result=result, comment=comment, actor=person(by), now=now
    )


@pytest.mark.parametrize("result", ["satisfied", "basically_satisfied"])
def test_satisfied_closes(result):
    # given
    ticket, main = replied(at=AT)
    # when
    cb = callback(ticket, result, comment=" 很满意 ")
    # then
    ticket.refresh_from_db()
    assert ticket.status == "closed" and ticket.closed_at == CALL
    assert (cb.result, cb.comment, cb.main_unit.code, cb.by.username, cb.at) == (
        result,
        "很满意",
        "city-housing",
        "operator",
        CALL,
    )
    assert kinds(ticket)[-2:] == ["callback", "closed"]
    closed = ticket.events.get(kind=EventKind.CLOSED)
    assert (closed.actor_name, closed.actor_unit.code, closed.at) == (
        "operator",
        "city-platform",
        CALL,
    )


def test_unsatisfied_rehandles_with_a_fresh_answer_clock_and_clean_marks():
    # given a replied ticket whose main unit was warned and overdue on its first clock
    ticket, main = replied(at=AT)
    sla.sweep(now=sh(2026, 12, 1, 8))  # (answered: nothing to mark)
    type(main).objects.filter(pk=main.pk).update(answer_warned_at=AT, answer_overdue_at=AT)
    # when
    callback(ticket, "unsatisfied", comment="没有解决")
    # then
    ticket.refresh_from_db()
    main.refresh_from_db()
    assert ticket.status == "rehandling"
    assert main.status == "handling"
    assert main.clock_started_at == CALL
    assert main.answer_deadline == sh(2026, 12, 7, 10)
    assert main.answered_at is None
    assert main.answer_warned_at is None and main.answer_overdue_at is None
    assert main.signed_at == AT  # the unit does not sign again
    event = main.events.get(kind=EventKind.REHANDLING)
    assert event.data["answer_deadline"] == sh(2026, 12, 7, 10).isoformat()
    assert kinds(ticket)[-2:] == ["callback", "rehandling"]
    assert Callback.objects.get(ticket=ticket).main_unit.code == "city-housing"


def test_assisting_units_are_not_reopened_by_rehandling():
    ticket, main = dispatched(at=AT, assists=["city-urban"])
    actions.sign_assignment(main.pk, actor=person("handler"), now=AT)
    reply = actions.submit_reply(main.pk, "已处理。", actor=person("handler"), now=AT)
    actions.review_reply(reply.pk, approve=True, actor=person("reviewer"), now=AT)
    actions.review_reply(reply.pk, approve=True, actor=person("dispatcher"), now=AT)
    callback(ticket, "unsatisfied")
    assist = ticket.assignments.get(role="assist")
    assert assist.status == "pending_sign"
    assert not assist.events.filter(kind=EventKind.REHANDLING).exists()


def test_unreached_is_counted_until_the_limit(settings):
    # given a limit of 2
    settings.JIESU_CALLBACK_MAX_UNREACHED = 2
    ticket, _ = replied(at=AT)
    # when not reached once
    callback(ticket, "unreached")
    ticket.refresh_from_db()
    # then still waiting for a callback
    assert (ticket.status, ticket.unreached_callbacks) == ("replied", 1)
    # when not reached a second time
    callback(ticket, "unreached", now=sh(2026, 12, 1, 10))
    ticket.refresh_from_db()
    # then closed
    assert (ticket.status, ticket.unreached_callbacks) == ("closed", 2)
    assert ticket.closed_at == sh(2026, 12, 1, 10)
    assert kinds(ticket)[-3:] == ["callback", "callback", "closed"]


def test_an_answered_online_consultation_is_closed_by_its_callback(settings):
    settings.JIESU_ONLINE_CALLBACK_SHARE = 1  # drawn for the callback sample (R11)
    ticket = make_ticket(now=AT, appeal_type="consult_general", category=None)
    actions.answer_online(ticket.number, "请到政务服务中心办理。", actor=person("operator"), now=AT)
    callback(ticket, "basically_satisfied")
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert Callback.objects.get(ticket=ticket).main_unit is None


@pytest.mark.parametrize("result", ["satisfied", "unsatisfied", "unreached"])
def test_no_callback_before_the_reply(result):
    ticket, _ = dispatched(at=AT)
    before = counts()
    with pytest.raises(Conflict) as exc:
        callback(ticket, result)
    assert exc.value.code == "state_conflict" and exc.value.details["rule"] == "R17"
    assert counts() == before
    assert not Callback.objects.exists()


def test_unknown_result_is_refused():
    ticket, _ = replied(at=AT)
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        callback(ticket, "delighted")
    assert exc.value.code == "invalid_callback_result"
    assert counts() == before


@pytest.mark.parametrize("username", ["handler", "reviewer", "citizen"])
def test_only_the_platform_calls_back(username):
    ticket, _ = replied(at=AT)
    before = counts()
    with pytest.raises(Forbidden):
        callback(ticket, "satisfied", by=username)
    assert counts() == before


def test_platform_may_close_a_replied_ticket_without_callback_with_a_reason():
    ticket, _ = replied(at=AT)
    actions.close_ticket(
        ticket.number, reason="诉求人明确拒绝回访", actor=person("dispatcher"), now=CALL
    )
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert ticket.events.get(kind=EventKind.CLOSED).data == {
        "reason": "诉求人明确拒绝回访",
        "called_back": False,
    }
    with pytest.raises(Conflict):
        actions.close_ticket(ticket.number, actor=person("dispatcher"), now=CALL)
