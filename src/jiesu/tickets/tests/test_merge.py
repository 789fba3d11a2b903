"""R20 并单: repeated requests on one matter become one case; every caller's ticket shows the
primary's answer and status; no chains; unmerge with a reason."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jiesu.supervision.tests.flow import answer, dispatched, event_count, kinds, last_event
from jiesu.testing.builders import make_ticket
from jiesu.tickets.models import Assignment

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 6, 23, 9, 0, tzinfo=SH)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_merging_withdraws_the_open_assignments_and_records_both_sides(api):
    # given
    primary = dispatched()
    duplicate = dispatched(caller_name="赵六", caller_phone="13600136000")
    [assignment] = duplicate.assignments.all()
    # when
    response = api("operator").post(f"/tickets/{duplicate.number}/merge", {"into": primary.number})
    # then
    assert response.status == 200, response.body
    assert (response.body["status"], response.body["primary"]) == ("merged", primary.number)
    assignment.refresh_from_db()
    assert assignment.status == "withdrawn"
    withdrawn = last_event(duplicate.number, "assignment_withdrawn")
    assert (withdrawn.assignment_id, withdrawn.data["from_status"]) == (
        assignment.pk,
        "pending_sign",
    )
    assert last_event(duplicate.number, "merged").data == {
        "into": primary.number,
        "withdrawn_assignments": [assignment.pk],
    }
    assert last_event(primary.number, "merged").data == {"merged": duplicate.number}
    assert primary.assignments.get().status == "pending_sign"


def test_the_withdrawn_work_can_no_longer_be_signed(api):
    # given
    primary, duplicate = dispatched(), dispatched()
    [assignment] = duplicate.assignments.all()
    api("operator").post(f"/tickets/{duplicate.number}/merge", {"into": primary.number})
    # when
    response = api("handler").post(f"/assignments/{assignment.pk}/sign")
    # then
    assert (response.status, response.body["code"]) == (409, "state_conflict")


def test_the_merged_ticket_shows_the_primarys_answer_and_status_through_to_closing(api):
    # given
    primary = dispatched()
    duplicate = make_ticket(caller_name="赵六", caller_phone="13600136000")
    api("operator").post(f"/tickets/{duplicate.number}/merge", {"into": primary.number})
    answer(primary, "已督促物业公司更换楼道灯。")
    # when
    replied = api("operator").get(f"/tickets/{duplicate.number}").body
    api("operator").post(f"/tickets/{primary.number}/callback", {"result": "satisfied"})
    closed = api("operator").get(f"/tickets/{duplicate.number}").body
    # then
    assert replied["status"] == "merged"
    assert replied["answer"] == "已督促物业公司更换楼道灯。"
    assert replied["merged_into"]["status"] == "replied"
    assert closed["status"] == "merged"
    assert closed["answer"] == "已督促物业公司更换楼道灯。"
    assert (closed["merged_into"]["number"], closed["merged_into"]["status"]) == (
        primary.number,
        "closed",
    )


def _refused(api, number: str, into: str, other: str):
    before = (event_count(number), event_count(other))
    statuses = list(
        Assignment.objects.filter(ticket__number=number).values_list("status", flat=True)
    )
    response = api("operator").post(f"/tickets/{number}/merge", {"into": into})
    assert (event_count(number), event_count(other)) == before
    assert (
        list(Assignment.objects.filter(ticket__number=number).values_list("status", flat=True))
        == statuses
    )
    return response


def test_a_ticket_cannot_be_merged_into_itself(api):
    # given
    ticket = dispatched()
    # when
    response = _refused(api, ticket.number, ticket.number, ticket.number)
    # then
    assert (response.status, response.body["code"]) == (422, "merge_into_self")


def test_no_merging_into_a_merged_ticket(api):
    # given: b is merged into a; c would be merged into b
    a, b, c = dispatched(), make_ticket(), dispatched()
    api("operator").post(f"/tickets/{b.number}/merge", {"into": a.number})
    # when
    response = _refused(api, c.number, b.number, b.number)
    # then
    assert (response.status, response.body["code"], response.body["reason"]) == (
        422,
        "merge_target_invalid",
        "merged",
    )


def test_no_merging_into_a_closed_or_missing_ticket(api):
    # given
    closed = make_ticket(appeal_type="consult_general")
    api("operator").post(
        f"/tickets/{closed.number}/answer-online", {"answer": "可在政务服务网办理。"}
    )
    api("operator").post(f"/tickets/{closed.number}/close")
    ticket = dispatched()
    # when
    into_closed = _refused(api, ticket.number, closed.number, closed.number)
    into_missing = _refused(api, ticket.number, "20250101-999999", closed.number)
    # then
    assert (into_closed.status, into_closed.body["code"], into_closed.body["reason"]) == (
        422,
        "merge_target_invalid",
        "closed",
    )
    assert (into_missing.status, into_missing.body["code"], into_missing.body["reason"]) == (
        422,
        "merge_target_invalid",
        "not_found",
    )


def test_a_primary_with_merged_tickets_is_not_merged_away(api):
    # given: b is merged into a; a would be merged into c
    a, b, c = dispatched(), make_ticket(), dispatched()
    api("operator").post(f"/tickets/{b.number}/merge", {"into": a.number})
    # when
    response = _refused(api, a.number, c.number, c.number)
    # then
    assert (response.status, response.body["code"]) == (422, "merge_chain")


def test_a_replied_ticket_has_its_own_answer_and_is_not_merged(api):
    # given
    ticket, primary = dispatched(), dispatched()
    answer(ticket)
    # when
    response = _refused(api, ticket.number, primary.number, primary.number)
    # then
    assert (response.status, response.body["code"]) == (409, "state_conflict")


@pytest.mark.parametrize("outsider", ["handler", "supervisor"])
def test_only_platform_staff_merge(api, outsider):
    # given
    primary, duplicate = dispatched(), dispatched()
    before = event_count(duplicate.number)
    # when
    response = api(outsider).post(f"/tickets/{duplicate.number}/merge", {"into": primary.number})
    # then
    assert (response.status, response.body["code"]) == (403, "forbidden")
    assert event_count(duplicate.number) == before


def test_unmerge_needs_a_reason_and_returns_the_ticket_to_accepted(api):
    # given
    primary, duplicate = dispatched(), dispatched()
    api("operator").post(f"/tickets/{duplicate.number}/merge", {"into": primary.number})
    before = event_count(duplicate.number)
    # when
    without_reason = api("operator").post(f"/tickets/{duplicate.number}/unmerge", {"reason": " "})
    count_after_refusal = event_count(duplicate.number)
    response = api("operator").post(
        f"/tickets/{duplicate.number}/unmerge", {"reason": "并非同一事项"}
    )
    # then
    assert (without_reason.status, without_reason.body["code"]) == (422, "reason_required")
    assert count_after_refusal == before
    assert response.status == 200, response.body
    assert (response.body["status"], response.body["primary"], response.body["merged_into"]) == (
        "accepted",
        None,
        None,
    )
    assert kinds(duplicate.number)[-1] == "unmerged"
    assert last_event(duplicate.number, "unmerged").data == {
        "from": primary.number,
        "reason": "并非同一事项",
    }
    assert last_event(primary.number, "unmerged").data == {
        "unmerged": duplicate.number,
        "reason": "并非同一事项",
    }
    again = api("dispatcher").post(f"/tickets/{duplicate.number}/dispatch", {})
    assert again.status == 201


def test_only_a_merged_ticket_can_be_unmerged(api):
    # given
    ticket = dispatched()
    before = event_count(ticket.number)
    # when
    response = api("operator").post(f"/tickets/{ticket.number}/unmerge", {"reason": "误操作"})
    # then
    assert (response.status, response.body["code"]) == (409, "state_conflict")
    assert event_count(ticket.number) == before
