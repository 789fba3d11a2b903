"""The leader's review of a return (R15, 退单需经承办单位分管负责同志审核): the unit's leader
approves or refuses from their own desk; the platform sees only what the leader approved. Four
eyes: nobody approves a request they made."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiesu.handling.models import ReturnRequest
from jiesu.testing.builders import add_person
from jiesu.testing.handling import (
    PDF,
    PNG,
    RETURN_ELEMENTS,
    at,
    dispatch,
    kinds,
    new_ticket,
    snapshot,
    upload,
)
from jiesu.tickets.models import Assignment, Event


def _apply(api, aid: int, who: str = "handler", **over):
    return api(who).post(f"/assignments/{aid}/return", {**RETURN_ELEMENTS, **over})


def test_a_return_reaches_the_platform_only_once_the_leader_approves(api, clock, housing):
    # given: the handler applies with the three elements and the statement
    number, aid = housing
    before = len(kinds(number))
    asked = _apply(api, aid)
    assert asked.status == 201, asked.body
    assert (asked.body["status"], asked.body["leader_review"]) == ("leader_review", None)
    assert asked.body["leader_approved_by"] is None
    assert Assignment.objects.get(pk=aid).status == "return_review"
    request_id = asked.body["id"]
    assert upload(api("handler"), request_id, "说明.pdf", PDF)[0] == 200
    # when: the platform tries to decide before the leader has
    early = api("dispatcher").post(f"/returns/{request_id}/decide", {"accept": True})
    # then
    assert (early.status, early.body["code"], early.body["rule"]) == (409, "state_conflict", "R15")
    assert ReturnRequest.objects.get(pk=request_id).status == "leader_review"
    # when: the leader approves on Mon 15:00, from their own desk
    clock.move_to(at(6, 23, 15))
    approved = api("leader").post(
        f"/returns/{request_id}/leader-review", {"approve": True, "comment": "情况属实，同意退单"}
    )
    # then: the request is in the platform's queue, and the approval is the leader's own event
    assert approved.status == 200, approved.body
    assert approved.body["status"] == "pending"
    assert approved.body["leader_approved_by"] == "leader"
    assert approved.body["leader_review"] == {
        "approve": True,
        "by": "leader",
        "at": "2025-06-23T15:00:00+08:00",
        "comment": "情况属实，同意退单",
    }
    event = Event.objects.get(kind="return_leader_approved")
    assert (event.actor_name, event.actor_role, event.assignment_id) == (
        "leader",
        "unit_leader",
        aid,
    )
    assert event.data == {"request": request_id, "comment": "情况属实，同意退单"}
    assert "leader_approved_by" not in Event.objects.get(kind="return_requested").data
    # and a second review is a state conflict
    again = api("leader").post(
        f"/returns/{request_id}/leader-review", {"approve": False, "comment": "x"}
    )
    assert (again.status, again.body["code"]) == (409, "state_conflict")
    # and the platform now decides as before
    decided = api("dispatcher").post(f"/returns/{request_id}/decide", {"accept": True})
    assert decided.status == 200, decided.body
    assert kinds(number, before) == [
        "return_requested",
        "return_statement_attached",
        "return_leader_approved",
        "return_decided",
        "dispatched",
    ]


def test_a_leader_refusal_sends_the_work_back_to_the_handler_with_the_comment(api, clock, housing):
    # given
    number, aid = housing
    request_id = _apply(api, aid).body["id"]
    before = snapshot(aid)
    # when: a refusal without a comment, then with one
    bare = api("leader").post(
        f"/returns/{request_id}/leader-review", {"approve": False, "comment": " "}
    )
    assert (bare.status, bare.body["code"]) == (422, "comment_required")
    assert snapshot(aid) == before
    clock.move_to(at(6, 23, 16))
    refused = api("leader").post(
        f"/returns/{request_id}/leader-review",
        {"approve": False, "comment": "物业照明属住建监管，请继续办理"},
    )
    # then: the assignment is the handler's again, and the comment is in the ticket's log
    assert refused.status == 200, refused.body
    assert refused.body["status"] == "leader_refused"
    assert refused.body["leader_approved_by"] is None
    assert refused.body["leader_review"]["approve"] is False
    assert Assignment.objects.get(pk=aid).status == "handling"
    log = api("handler").get(f"/tickets/{number}/events").body
    (entry,) = [e for e in log if e["kind"] == "return_leader_refused"]
    assert (entry["actor"], entry["assignment"]) == ("leader", aid)
    assert entry["data"] == {"request": request_id, "comment": "物业照明属住建监管，请继续办理"}
    # the platform cannot decide it, and the handler may apply again with better grounds
    late = api("dispatcher").post(f"/returns/{request_id}/decide", {"accept": False, "reason": "x"})
    assert (late.status, late.body["code"]) == (409, "state_conflict")
    assert _apply(api, aid).status == 201


def test_a_leader_refusal_before_signing_signs_the_assignment_at_that_moment(api, clock):
    # given: the unit answers the dispatch (Mon 09:00, sign by Tue 09:00) with a return at 11:00
    number = new_ticket()
    (top,) = dispatch(api, number, "city-housing")
    clock.move_to(at(6, 23, 11))
    request_id = _apply(api, top["id"]).body["id"]
    # when: its own leader refuses it on Tue 10:00, after the sign deadline
    clock.move_to(at(6, 24, 10))
    refused = api("leader").post(
        f"/returns/{request_id}/leader-review", {"approve": False, "comment": "本单位职责"}
    )
    # then: the unit holds the work from now; it was signed late
    assert refused.status == 200, refused.body
    assignment = Assignment.objects.get(pk=top["id"])
    assert (assignment.status, assignment.signed_at) == ("handling", at(6, 24, 10))
    assert Event.objects.get(kind="signed").data == {
        "on_time": False,
        "via": "return_leader_refused",
    }


def test_only_a_leader_of_the_returning_unit_reviews_it(api, housing):
    # given: 市供水公司 assists on the ticket (sees it); 花湖街道 does not
    add_person("water_leader", "unit_leader", "hs-water")
    add_person("street_leader", "unit_leader", "hsg-st-1")
    number, aid = housing
    request_id = _apply(api, aid).body["id"]
    before = snapshot(aid)
    body = {"approve": True, "comment": "同意"}
    # when / then: who can see it but is not its leader → 403; who cannot see it → 404,
    # the same answer as for a request that does not exist
    for who in ("handler", "reviewer", "water", "water_leader", "dispatcher", "supervisor"):
        response = api(who).post(f"/returns/{request_id}/leader-review", body)
        assert (response.status, response.body["code"]) == (403, "forbidden"), who
    hidden = api("street_leader").post(f"/returns/{request_id}/leader-review", body)
    missing = api("street_leader").post(f"/returns/{request_id + 100}/leader-review", body)
    assert (hidden.status, hidden.body["code"]) == (404, "return_not_found")
    assert (missing.status, missing.body["code"]) == (404, "return_not_found")
    assert hidden.body["message"].replace(str(request_id), "N") == missing.body["message"].replace(
        str(request_id + 100), "N"
    )
    assert snapshot(aid) == before
    assert ReturnRequest.objects.get(pk=request_id).status == "leader_review"
    # an administrator may act for the leader
    add_person("root", "admin", None)
    assert api("root").post(f"/returns/{request_id}/leader-review", body).status == 200


def test_the_handler_no_longer_names_the_leader(api, housing):
    # given
    number, aid = housing
    before = snapshot(aid)
    # when: an old client still sends the typed username
    response = _apply(api, aid, leader_approved_by="leader")
    # then: an unknown field, nothing written (decision 0008)
    assert (response.status, response.body["code"]) == (422, "validation_error")
    assert snapshot(aid) == before and ReturnRequest.objects.count() == 0


def test_a_leader_does_not_approve_a_return_they_applied_for(api, housing):
    # given: the leader files the return themselves
    number, aid = housing
    request_id = _apply(api, aid, who="leader").body["id"]
    before = snapshot(aid)
    # when
    own = api("leader").post(
        f"/returns/{request_id}/leader-review", {"approve": True, "comment": "同意"}
    )
    # then: four eyes
    assert (own.status, own.body["code"]) == (403, "own_request")
    assert snapshot(aid) == before
    # another leader of the unit approves it
    add_person("leader2", "unit_leader", "city-housing")
    other = api("leader2").post(
        f"/returns/{request_id}/leader-review", {"approve": True, "comment": "同意"}
    )
    assert other.status == 200, other.body


def test_nobody_approves_their_own_extension_or_return_at_the_platform(api, housing):
    # given: an administrator (who may act for a unit and for a platform) files both requests
    add_person("root", "admin", None)
    number, aid = housing
    extension = api("root").post(
        f"/assignments/{aid}/extension", {"working_days": 2, "reason": "需现场勘验"}
    )
    assert extension.status == 201, extension.body
    # when / then: approving their own extension is refused; another dispatcher may
    own = api("root").post(f"/extensions/{extension.body['id']}/decide", {"approve": True})
    assert (own.status, own.body["code"]) == (403, "own_request")
    assert Assignment.objects.get(pk=aid).extension_days == 0
    assert (
        api("dispatcher")
        .post(f"/extensions/{extension.body['id']}/decide", {"approve": True})
        .status
        == 200
    )
    # the same for a return they applied for and their leader approved
    request_id = _apply(api, aid, who="root").body["id"]
    upload(api("root"), request_id, "说明.pdf", PDF)
    api("leader").post(f"/returns/{request_id}/leader-review", {"approve": True, "comment": "同意"})
    own_return = api("root").post(f"/returns/{request_id}/decide", {"accept": True})
    assert (own_return.status, own_return.body["code"]) == (403, "own_request")
    assert ReturnRequest.objects.get(pk=request_id).status == "pending"


def test_a_reupload_replaces_the_stored_statement(
    api, clock, housing, django_capture_on_commit_callbacks
):
    # given: a statement uploaded once
    number, aid = housing
    request_id = _apply(api, aid).body["id"]
    handler = api("handler")
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(handler, request_id, "说明.pdf", PDF)[0] == 200
    first = Path(ReturnRequest.objects.get(pk=request_id).statement.path)
    assert first.read_bytes() == PDF
    # when: re-uploaded twice (same kind, then another kind)
    for name, content, kind in [
        ("说明2.pdf", PDF + b"v2", "application/pdf"),
        ("扫描.png", PNG, "image/png"),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            assert upload(handler, request_id, name, content, kind)[0] == 200
    # then: only the last file is kept in storage; the events record all three uploads
    last = Path(ReturnRequest.objects.get(pk=request_id).statement.path)
    assert last.read_bytes() == PNG
    assert sorted(p.name for p in last.parent.iterdir()) == [last.name]
    attached = Event.objects.filter(kind="return_statement_attached").order_by("id")
    assert [e.data["name"] for e in attached] == ["说明.pdf", "说明2.pdf", "扫描.png"]


def test_a_refused_reupload_keeps_the_stored_statement(
    api, housing, django_capture_on_commit_callbacks
):
    number, aid = housing
    request_id = _apply(api, aid).body["id"]
    handler = api("handler")
    with django_capture_on_commit_callbacks(execute=True):
        upload(handler, request_id, "说明.pdf", PDF)
        assert upload(handler, request_id, "说明.docx", PDF)[0] == 422
    stored = Path(ReturnRequest.objects.get(pk=request_id).statement.path)
    assert stored.read_bytes() == PDF


def test_the_leader_finds_what_waits_for_them(api, clock, housing, django_assert_max_num_queries):
    # given: two returns of 市住建局 wait for its leader; one of 市供水公司 waits for its own
    add_person("water_leader", "unit_leader", "hs-water")
    number, aid = housing
    first = _apply(api, aid).body["id"]
    (other,) = dispatch(api, new_ticket(), "city-housing")
    clock.move_to(at(6, 23, 10))
    second = _apply(api, other["id"]).body["id"]
    (water,) = dispatch(api, new_ticket(), "hs-water")
    api("water").post(f"/assignments/{water['id']}/sign")
    theirs = _apply(api, water["id"], who="water").body["id"]
    api("water_leader").post(
        f"/returns/{theirs}/leader-review", {"approve": True, "comment": "同意"}
    )
    # when
    with django_assert_max_num_queries(8):
        mine = api("leader").get("/returns?status=leader_review")
    # then: oldest first, the unit's own only
    assert mine.status == 200, mine.body
    assert (mine.body["page"], mine.body["has_next"]) == (1, False)
    assert [r["id"] for r in mine.body["items"]] == [first, second]
    assert mine.body["items"][0]["suggested_unit"] == "city-urban"
    assert api("water_leader").get("/returns?status=leader_review").body["items"] == []
    assert [r["id"] for r in api("water").get("/returns?status=pending").body["items"]] == [theirs]
    # the platform sees every unit's
    assert [r["id"] for r in api("dispatcher").get("/returns").body["items"]] == [
        first,
        second,
        theirs,
    ]
    # a bad filter, a deep page and a citizen are refused
    bad = api("leader").get("/returns?status=nonsense")
    assert (bad.status, bad.body["code"]) == (422, "invalid_status")
    assert api("leader").get("/returns?page=1001").body["code"] == "page_out_of_range"
    assert api("citizen").get("/returns").status == 403


@pytest.mark.parametrize("approve", [True, False])
def test_a_withdrawn_ticket_closes_a_return_waiting_for_the_leader(api, housing, approve):
    # given: a return waiting for the leader; the ticket is merged into another (R20)
    number, aid = housing
    request_id = _apply(api, aid).body["id"]
    if approve:
        api("leader").post(
            f"/returns/{request_id}/leader-review", {"approve": True, "comment": "同意"}
        )
    # when
    merged = api("dispatcher").post(f"/tickets/{number}/merge", {"into": new_ticket()})
    # then
    assert merged.status == 200, merged.body
    assert ReturnRequest.objects.get(pk=request_id).status == "withdrawn"
    assert Event.objects.get(kind="return_withdrawn").data["from_status"] == (
        "pending" if approve else "leader_review"
    )


def test_the_migration_keeps_the_leader_named_on_older_returns(api, clock, housing):
    # given: a return filed before the leader reviewed in person (the named leader, no review
    # time) and a new one waiting for its leader
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth import get_user_model

    migration = import_module("jiesu.handling.migrations.0003_return_leader_review")
    leader = get_user_model().objects.get(username="leader")
    number, aid = housing
    legacy = _apply(api, aid).body["id"]
    ReturnRequest.objects.filter(pk=legacy).update(status="pending", leader_reviewed_by=leader)
    (other,) = dispatch(api, new_ticket(), "city-housing")
    waiting = _apply(api, other["id"]).body["id"]
    # when the migration's data step runs
    migration.stamp_legacy_approvals(apps, None)
    # then the named leader's approval is dated at the filing; the new request still waits
    old = ReturnRequest.objects.get(pk=legacy)
    assert (old.leader_reviewed_by_id, old.leader_reviewed_at) == (leader.pk, old.requested_at)
    new = ReturnRequest.objects.get(pk=waiting)
    assert (new.status, new.leader_reviewed_by_id, new.leader_reviewed_at) == (
        "leader_review",
        None,
        None,
    )
