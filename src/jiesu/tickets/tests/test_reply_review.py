"""Replies and their review inside the unit (R16): who reviews at which level, sending back,
and what the approval of the main unit's reply does to the ticket. The platform's own review
level after the unit's (``JIESU_PLATFORM_REVIEW``) is pinned in ``test_loop_ends``; here it is
off, so that the unit's last approval answers the ticket."""

from __future__ import annotations

import pytest

from jiesu.core.errors import Conflict, Forbidden, JiesuError, ValidationFailed
from jiesu.testing.builders import person
from jiesu.testing.loop import counts, dispatched, kinds, sh, signed
from jiesu.tickets import actions
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Review

pytestmark = pytest.mark.usefixtures("city")

AT = sh(2026, 11, 24, 9, 30)
LATER = sh(2026, 11, 26, 15)


@pytest.fixture(autouse=True)
def _unit_review_only(settings):
    settings.JIESU_PLATFORM_REVIEW = frozenset()


def submit(a, text="已处理完毕。", by="handler", now=LATER):
    return actions.submit_reply(a.pk, text, actor=person(by), now=now)


def review(reply, by="reviewer", approve=True, comment="", now=LATER):
    return actions.review_reply(
        reply.pk, approve=approve, comment=comment, actor=person(by), now=now
    )


def test_reply_goes_to_the_section_head():
    # given a signed assignment
    ticket, a = signed(at=AT)
    # when the handler replies
    reply = submit(a, "  已联系物业，今日维修。  ")
    # then the reply waits for the section head, and the assignment is in review
    a.refresh_from_db()
    assert a.status == "reply_review"
    assert reply.content == "已联系物业，今日维修。"
    assert reply.status == "in_review" and reply.levels == ["section_head"]
    assert reply.current_level == "section_head"
    event = a.events.get(kind=EventKind.REPLY_SUBMITTED)
    assert (event.actor_name, event.actor_unit.code, event.at) == ("handler", "city-housing", LATER)
    assert event.data["reply"] == reply.pk and event.data["content"] == "已联系物业，今日维修。"


def test_key_requests_go_to_the_deputy_leader():
    # given a key request (一人多次/一事多人)
    ticket, a = dispatched(at=AT)
    type(ticket).objects.filter(pk=ticket.pk).update(key_request=True)
    actions.sign_assignment(a.pk, actor=person("handler"), now=AT)
    reply = submit(a)
    assert reply.levels == ["deputy_leader"]
    # when the section head tries to approve, it is not theirs to approve
    with pytest.raises(Forbidden) as exc:
        review(reply, by="reviewer")
    assert exc.value.details["level"] == "deputy_leader"
    # then the deputy leader approves
    review(reply, by="leader")
    ticket.refresh_from_db()
    assert ticket.status == "replied"


def test_section_head_approval_answers_the_assignment_and_the_ticket():
    # given
    ticket, a = signed(at=AT)
    reply = submit(a, "楼道灯已修复。")
    # when
    reviewed = review(reply, now=sh(2026, 11, 27, 10))
    # then
    a.refresh_from_db()
    ticket.refresh_from_db()
    assert reviewed.status == "approved" and reviewed.decided_at == sh(2026, 11, 27, 10)
    assert a.status == "answered" and a.answered_at == sh(2026, 11, 27, 10)
    assert ticket.status == "replied" and ticket.answer == "楼道灯已修复。"
    assert kinds(ticket)[-3:] == ["reply_reviewed", "reply_approved", "ticket_replied"]
    approved = a.events.get(kind=EventKind.REPLY_APPROVED)
    assert approved.data["on_time"] is True
    (row,) = Review.objects.filter(reply=reply)
    assert (row.level, row.approve, row.reviewer.username) == ("section_head", True, "reviewer")


def test_late_approval_is_recorded_as_late():
    ticket, a = signed(at=AT)
    reply = submit(a)
    review(reply, now=sh(2026, 12, 1, 9, 31))  # due Tue 2026-12-01 09:30
    assert a.events.get(kind=EventKind.REPLY_APPROVED).data["on_time"] is False


def test_an_assisting_units_approval_does_not_answer_the_ticket():
    # given a main and an assisting unit; the assist signs and replies
    ticket, main = dispatched(at=AT, assists=["hs-water"])
    assist = ticket.assignments.get(role="assist")
    actions.sign_assignment(assist.pk, actor=person("water"), now=AT)
    reply = actions.submit_reply(
        assist.pk, "配合核查供水管线，无异常。", actor=person("water"), now=LATER
    )
    # when it is approved by the platform's admin (the utility has no reviewer in the demo)
    actions.review_reply(reply.pk, approve=True, actor=person("admin"), now=LATER)
    # then only the assist is answered
    assist.refresh_from_db()
    ticket.refresh_from_db()
    assert assist.status == "answered"
    assert ticket.status == "dispatched" and ticket.answer == ""


def test_send_back_needs_a_reason_and_returns_the_work_to_the_handler():
    # given
    ticket, a = signed(at=AT)
    reply = submit(a)
    before = counts()
    # when sent back without a reason
    with pytest.raises(ValidationFailed) as exc:
        review(reply, approve=False, comment="  ")
    # then refused, nothing changed
    assert exc.value.code == "reason_required"
    assert counts() == before
    # when sent back with a reason
    reviewed = review(reply, approve=False, comment="未说明维修时间。")
    # then the handler has it again, and can reply anew
    a.refresh_from_db()
    assert reviewed.status == "sent_back" and a.status == "handling"
    assert kinds(ticket)[-2:] == ["reply_reviewed", "reply_sent_back"]
    assert a.events.get(kind=EventKind.REPLY_SENT_BACK).data["reason"] == "未说明维修时间。"
    second = submit(a, "已于11月27日维修完毕。")
    review(second)
    ticket.refresh_from_db()
    assert ticket.status == "replied" and ticket.answer == "已于11月27日维修完毕。"


def test_reply_before_signing_is_refused():
    _, a = dispatched(at=AT)
    before = counts()
    with pytest.raises(Conflict) as exc:
        submit(a)
    assert exc.value.code == "state_conflict" and exc.value.details["rule"] == "R16"
    assert "待签收" in exc.value.message
    assert counts() == before


def test_empty_reply_is_refused():
    _, a = signed(at=AT)
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        submit(a, " \n ")
    assert exc.value.code == "empty_field" and exc.value.details["field"] == "content"
    assert counts() == before


def test_a_second_reply_while_one_is_in_review_is_refused():
    _, a = signed(at=AT)
    submit(a)
    before = counts()
    with pytest.raises(Conflict):
        submit(a, "补充答复。")
    assert counts() == before


def test_a_decided_reply_cannot_be_reviewed_again():
    _, a = signed(at=AT)
    reply = submit(a)
    review(reply)
    before = counts()
    with pytest.raises(Conflict) as exc:
        review(reply, by="leader")
    assert exc.value.code == "state_conflict"
    assert counts() == before


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("handler", "own_reply"),
        ("street_head", "reply_not_found"),
        ("dispatcher", "forbidden"),
        ("citizen", "reply_not_found"),
    ],
)
def test_only_the_units_reviewers_review(username, code):
    _, a = signed(at=AT)
    reply = submit(a)
    before = counts()
    with pytest.raises(JiesuError) as exc:  # 404 for whoever cannot see the ticket
        review(reply, by=username)
    assert exc.value.code == code
    assert counts() == before


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("street", "assignment_not_found"),
        ("water", "assignment_not_found"),
        ("dispatcher", "forbidden"),
    ],
)
def test_only_the_unit_replies(username, code):
    _, a = signed(at=AT)
    before = counts()
    with pytest.raises(JiesuError) as exc:  # 404 for whoever cannot see the ticket
        submit(a, by=username)
    assert exc.value.code == code
    assert counts() == before
