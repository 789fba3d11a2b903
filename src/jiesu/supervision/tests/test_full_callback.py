"""R17/R19: supervised items and real-name reports are called back in full — the platform may not
close them without a callback made after the latest answer."""

from __future__ import annotations

from jiesu.testing.builders import answer, dispatched, event_count, replied

DEADLINE = "2025-06-30T18:00:00+08:00"


def test_a_supervised_ticket_cannot_be_closed_without_a_callback(api):
    # given
    ticket = dispatched()
    api("supervisor").post(
        f"/tickets/{ticket.number}/supervise", {"reason": "督办", "deadline": DEADLINE}
    )
    answer(ticket)
    before = event_count(ticket.number)
    # when
    response = api("operator").post(f"/tickets/{ticket.number}/close", {"reason": "平台办结"})
    # then
    assert response.status == 409
    assert response.body["code"] == "callback_required"
    assert response.body["supervised"] is True
    ticket.refresh_from_db()
    assert ticket.status == "replied"
    assert event_count(ticket.number) == before


def test_after_a_callback_attempt_the_supervised_ticket_closes(api):
    # given
    ticket = dispatched()
    api("supervisor").post(
        f"/tickets/{ticket.number}/supervise", {"reason": "督办", "deadline": DEADLINE}
    )
    answer(ticket)
    api("operator").post(f"/tickets/{ticket.number}/callback", {"result": "unreached"})
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/close", {"reason": "回访未接通，平台办结"}
    )
    # then
    assert response.status == 200, response.body
    assert response.body["status"] == "closed"


def test_a_callback_before_the_latest_answer_does_not_count(api):
    # given: called back unsatisfied, re-handled and answered again
    ticket = dispatched()
    api("supervisor").post(
        f"/tickets/{ticket.number}/supervise", {"reason": "督办", "deadline": DEADLINE}
    )
    answer(ticket)
    api("operator").post(f"/tickets/{ticket.number}/callback", {"result": "unsatisfied"})
    answer(ticket, "已再次督促并现场核实。")
    # when
    response = api("operator").post(f"/tickets/{ticket.number}/close")
    # then
    assert (response.status, response.body["code"]) == (409, "callback_required")


def test_a_real_name_report_cannot_be_closed_without_a_callback(api):
    # given
    ticket = replied(
        appeal_type="report", subject="举报违规收费", content="某物业公司违规收取停车费。"
    )
    # when
    response = api("operator").post(f"/tickets/{ticket.number}/close")
    # then
    assert response.status == 409
    assert response.body["code"] == "callback_required"
    assert response.body["real_name_report"] is True


def test_anonymous_reports_and_ordinary_requests_close_as_before(api):
    # given
    anonymous = replied(appeal_type="report", anonymous=True, caller_name="", caller_phone="")
    ordinary = replied()
    # when
    closed = [
        api("operator").post(f"/tickets/{t.number}/close", {"reason": "诉求人要求不回访"})
        for t in (anonymous, ordinary)
    ]
    # then
    assert [r.status for r in closed] == [200, 200]
    assert [r.body["status"] for r in closed] == ["closed", "closed"]
