"""R20 并单: repeated requests on one matter become one case; every caller's ticket shows the
primary's answer and status; the merged ticket's work is withdrawn with the units' open requests
on it; no chains; unmerge with a reason."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiesu.handling.models import ExtensionRequest, ReturnRequest
from jiesu.testing.builders import (
    add_person,
    answer,
    dispatched,
    event_count,
    kinds,
    last_event,
    make_ticket,
    sh,
)
from jiesu.tickets.models import Assignment, Event

pytestmark = pytest.mark.usefixtures("clock")


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
    assert (
        closed["status"] == "closed"
    )  # closed with its primary, its caller to be called back (R20)
    assert closed["awaiting_callback"] is True
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
    api("operator").post(f"/tickets/{closed.number}/close", {"reason": "已电话告知"})
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


# --- the units' open requests on the merged ticket (R8b, R15) are closed with it --------------

PDF = b"%PDF-1.4\n% stamped statement\n"
RETURN = {
    "findings": "经核实，供水管网不涉及该楼道照明。",
    "policy_basis": "《城市供水条例》第二十九条",
    "suggested_unit": "city-urban",
}


def _with_open_requests(api, *, disputed: bool):
    """A duplicate dispatched to 市住建局 (main) and 市供水公司 (assist), both signed; 住建 asks
    for 3 more working days, 供水 asks to return its share (its leader approves; with its
    statement), optionally sent
    to a dispatch dispute review: (ticket, main id, assist id, extension id, return id)."""
    add_person("water_leader", "unit_leader", "hs-water")
    ticket = make_ticket(caller_name="赵六", caller_phone="13600136000")
    body = {"main_unit": "city-housing", "assist_units": ["hs-water"]}
    main, assist = (
        a["id"] for a in api("dispatcher").post(f"/tickets/{ticket.number}/dispatch", body).body
    )
    api("handler").post(f"/assignments/{main}/sign")
    api("water").post(f"/assignments/{assist}/sign")
    extension = api("handler").post(
        f"/assignments/{main}/extension", {"working_days": 3, "reason": "需协调多个部门"}
    )
    returned = api("water").post(f"/assignments/{assist}/return", RETURN)
    assert (extension.status, returned.status) == (201, 201), (extension.body, returned.body)
    approved = api("water_leader").post(
        f"/returns/{returned.body['id']}/leader-review", {"approve": True, "comment": "同意"}
    )
    assert approved.status == 200, approved.body
    api("water").client.post(
        f"/api/v1/returns/{returned.body['id']}/statement",
        {"file": SimpleUploadedFile("说明.pdf", PDF, content_type="application/pdf")},
        HTTP_AUTHORIZATION=f"Bearer {api('water').token}",
    )
    if disputed:
        opened = api("dispatcher").post(
            f"/returns/{returned.body['id']}/dispute", {"reason": "职责争议"}
        )
        assert opened.status == 200, opened.body
    return ticket, main, assist, extension.body["id"], returned.body["id"]


@pytest.mark.parametrize("disputed", [False, True], ids=["pending-return", "disputed-return"])
def test_merging_withdraws_the_pending_extension_and_return_requests(api, clock, disputed):
    # given
    primary = dispatched()
    duplicate, main, assist, extension_id, return_id = _with_open_requests(api, disputed=disputed)
    before = len(kinds(duplicate.number))
    clock.move_to(sh(2025, 6, 24, 10))
    # when
    response = api("operator").post(f"/tickets/{duplicate.number}/merge", {"into": primary.number})
    # then: both assignments and both requests are withdrawn, each with its event
    assert response.status == 200, response.body
    extension = ExtensionRequest.objects.get(pk=extension_id)
    returned = ReturnRequest.objects.get(pk=return_id)
    for request in (extension, returned):
        assert (request.status, request.decided_at, request.decision_reason) == (
            "withdrawn",
            sh(2025, 6, 24, 10),
            "交办单已撤回（并单）",
        )
        assert request.decided_by.username == "operator"
    assert kinds(duplicate.number)[before:] == [
        "assignment_withdrawn",
        "extension_withdrawn",
        "assignment_withdrawn",
        "return_withdrawn",
        "merged",
    ]
    withdrawn_extension = last_event(duplicate.number, "extension_withdrawn")
    assert (withdrawn_extension.assignment_id, withdrawn_extension.data) == (
        main,
        {
            "request": extension_id,
            "from_status": "pending",
            "reason": "交办单已撤回（并单）",
            "into": primary.number,
        },
    )
    withdrawn_return = last_event(duplicate.number, "return_withdrawn")
    assert (withdrawn_return.assignment_id, withdrawn_return.data["from_status"]) == (
        assist,
        "disputed" if disputed else "pending",
    )
    shown = api("water").get(f"/returns/{return_id}").body
    assert (shown["status"], shown["status_label"]) == ("withdrawn", "已撤回")


def test_nothing_on_the_withdrawn_work_can_be_decided_or_requested_any_more(api):
    # given: the duplicate with its open requests, merged
    primary = dispatched()
    duplicate, main, assist, extension_id, return_id = _with_open_requests(api, disputed=False)
    api("operator").post(f"/tickets/{duplicate.number}/merge", {"into": primary.number})
    before = (
        Event.objects.count(),
        list(Assignment.objects.order_by("id").values_list("status", flat=True)),
        ExtensionRequest.objects.get(pk=extension_id).status,
        ReturnRequest.objects.get(pk=return_id).status,
    )
    water = api("water")
    # when: the platform decides, or the units add statements and new requests
    attempts = {
        "approve extension": api("dispatcher").post(
            f"/extensions/{extension_id}/decide", {"approve": True}
        ),
        "accept return": api("dispatcher").post(f"/returns/{return_id}/decide", {"accept": True}),
        "dispute return": api("dispatcher").post(
            f"/returns/{return_id}/dispute", {"reason": "职责争议"}
        ),
        "new extension": api("handler").post(
            f"/assignments/{main}/extension", {"working_days": 2, "reason": "再延期"}
        ),
        "new return": water.post(f"/assignments/{assist}/return", RETURN),
    }
    statement = water.client.post(
        f"/api/v1/returns/{return_id}/statement",
        {"file": SimpleUploadedFile("说明.pdf", PDF, content_type="application/pdf")},
        HTTP_AUTHORIZATION=f"Bearer {water.token}",
    )
    # then: each is refused as a state conflict with a Chinese message, and nothing changes
    for what, response in attempts.items():
        assert (response.status, response.body["code"]) == (409, "state_conflict"), what
        assert "已撤回" in response.body["message"], what
    assert (statement.status_code, statement.json()["code"]) == (409, "state_conflict")
    after = (
        Event.objects.count(),
        list(Assignment.objects.order_by("id").values_list("status", flat=True)),
        ExtensionRequest.objects.get(pk=extension_id).status,
        ReturnRequest.objects.get(pk=return_id).status,
    )
    assert after == before


def test_a_refused_merge_leaves_the_requests_pending(api):
    # given: a merge into a missing ticket
    duplicate, main, assist, extension_id, return_id = _with_open_requests(api, disputed=False)
    before = event_count(duplicate.number)
    # when
    response = api("operator").post(
        f"/tickets/{duplicate.number}/merge", {"into": "20250101-999999"}
    )
    # then
    assert (response.status, response.body["code"]) == (422, "merge_target_invalid")
    assert ExtensionRequest.objects.get(pk=extension_id).status == "pending"
    assert ReturnRequest.objects.get(pk=return_id).status == "pending"
    assert event_count(duplicate.number) == before
