"""Return (R15): the three elements, the unit leader's approval (test_return_leader.py) and a
stamped statement; the platform accepts and re-dispatches (改派) at the same hop, or refuses
(首办负责制); a contested ownership goes to the dispatch dispute review first (see
test_return_review.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiesu.handling.models import ReturnRequest
from jiesu.testing.builders import add_person
from jiesu.testing.handling import (
    PDF,
    PNG,
    RETURN_ELEMENTS,
    ask_return,
    at,
    dispatch,
    kinds,
    new_ticket,
    snapshot,
    upload,
)
from jiesu.tickets.models import Assignment, Event


def test_an_accepted_return_is_redispatched_to_the_suggested_unit(api, clock, housing):
    # given
    number, aid = housing
    before = len(kinds(number))
    clock.move_to(at(6, 23, 14))
    asked = ask_return(api, aid)
    assert asked.status == 201, asked.body
    assert (
        asked.body["status"],
        asked.body["suggested_unit"],
        asked.body["leader_approved_by"],
    ) == ("pending", "city-urban", "leader")
    assert Assignment.objects.get(pk=aid).status == "return_review"
    status, body = upload(api("handler"), asked.body["id"], "退单情况说明.pdf", PDF)
    assert status == 200, body
    # when: the city platform accepts on Tue 10:00
    clock.move_to(at(6, 24, 10))
    decided = api("dispatcher").post(
        f"/returns/{asked.body['id']}/decide", {"accept": True, "reason": "情况属实"}
    )
    # then: the old assignment is returned; 市城管委 gets a fresh one at the top hop
    assert decided.status == 200, decided.body
    assert (decided.body["status"], decided.body["owner_unit"]) == ("accepted", "city-urban")
    assert Assignment.objects.get(pk=aid).status == "returned"
    new = Assignment.objects.get(pk=decided.body["new_assignment"])
    assert (new.unit.code, new.role, new.parent_id, new.status) == (
        "city-urban",
        "main",
        None,
        "pending_sign",
    )
    assert (new.dispatched_at, new.sign_deadline, new.answer_deadline) == (
        at(6, 24, 10),
        at(6, 25, 10),
        at(7, 1, 10),
    )
    assert Event.objects.get(assignment=new, kind="dispatched").data["from_unit"] == "city-platform"
    assert kinds(number, before) == [
        "return_requested",
        "return_leader_approved",
        "return_statement_attached",
        "return_decided",
        "dispatched",
    ]
    requested = Event.objects.get(kind="return_requested")
    assert requested.data["findings"] == RETURN_ELEMENTS["findings"]
    assert Event.objects.get(kind="return_leader_approved").actor_name == "leader"
    decided_event = Event.objects.get(kind="return_decided")
    assert decided_event.data["accept"] is True
    assert (decided_event.data["role"], decided_event.data["new_unit"]) == ("main", "city-urban")
    assert len(decided_event.data["statement_sha256"]) == 64
    # and the new unit works the ticket as usual
    assert api("dispatcher").get(f"/tickets/{number}").body["status"] == "dispatched"


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("findings", "return_findings_required"),
        ("policy_basis", "return_policy_basis_required"),
        ("suggested_unit", "return_suggested_unit_required"),
    ],
)
def test_all_three_elements_are_required(api, housing, field, code):
    number, aid = housing
    before = snapshot(aid)
    response = ask_return(api, aid, **{field: "   "})
    assert (response.status, response.body["code"]) == (422, code)
    assert snapshot(aid) == before and ReturnRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"suggested_unit": "city-nowhere"}, "unknown_unit"),
        ({"suggested_unit": "hsg-st-1-c1"}, "village_not_handling_unit"),
        ({"suggested_unit": "city-housing"}, "return_suggested_unit_invalid"),
    ],
)
def test_bad_elements_change_nothing(api, housing, over, code):
    number, aid = housing
    before = snapshot(aid)
    response = ask_return(api, aid, **over)
    assert (response.status, response.body["code"]) == (422, code)
    assert snapshot(aid) == before and ReturnRequest.objects.count() == 0


def test_no_acceptance_without_the_stamped_statement(api, housing):
    # given: a return without its statement
    number, aid = housing
    request_id = ask_return(api, aid).body["id"]
    before = snapshot(aid)
    # when
    response = api("dispatcher").post(f"/returns/{request_id}/decide", {"accept": True})
    # then
    assert (response.status, response.body["code"]) == (422, "return_statement_required")
    assert snapshot(aid) == before
    assert ReturnRequest.objects.get(pk=request_id).status == "pending"


def test_the_statement_is_a_pdf_or_image_of_at_most_10_mb(api, housing, settings):
    # given
    number, aid = housing
    request_id = ask_return(api, aid).body["id"]
    handler = api("handler")
    # when / then: the wrong kind of file, or a file pretending to be a PDF
    assert (
        upload(handler, request_id, "说明.docx", PDF)[1]["code"] == "return_statement_invalid_type"
    )
    assert (
        upload(handler, request_id, "说明.pdf", PNG)[1]["code"] == "return_statement_invalid_type"
    )
    # too large
    big = PDF + b"0" * (10 * 1024 * 1024 + 1 - len(PDF))
    status, body = upload(handler, request_id, "说明.pdf", big)
    assert (status, body["code"]) == (422, "return_statement_too_large")
    assert not ReturnRequest.objects.get(pk=request_id).statement
    # a PNG scan of exactly 10 MB is fine, and is stored under MEDIA_ROOT
    scan = PNG + b"0" * (10 * 1024 * 1024 - len(PNG))
    status, body = upload(handler, request_id, "盖章说明.png", scan, "image/png")
    assert status == 200, body
    assert body["statement"]["name"] == "盖章说明.png"
    stored = Path(ReturnRequest.objects.get(pk=request_id).statement.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT)) and stored.read_bytes() == scan
    # and only the returning unit uploads it
    assert upload(api("water"), request_id, "说明.pdf", PDF)[0] == 403


def test_a_refused_return_goes_back_to_the_unit(api, clock, housing):
    # given
    number, aid = housing
    request_id = ask_return(api, aid).body["id"]
    before = len(kinds(number))
    # when: refused without a reason, then with one
    bare = api("dispatcher").post(f"/returns/{request_id}/decide", {"accept": False})
    refused = api("dispatcher").post(
        f"/returns/{request_id}/decide", {"accept": False, "reason": "属住建部门监管职责，首办负责"}
    )
    # then
    assert (bare.status, bare.body["code"]) == (422, "reason_required")
    assert refused.status == 200, refused.body
    assert (refused.body["status"], refused.body["owner_unit"]) == ("refused", "city-housing")
    assert Assignment.objects.get(pk=aid).status == "handling"
    assert Assignment.objects.count() == 2  # nobody new
    assert kinds(number, before) == ["return_decided"]
    assert Event.objects.get(kind="return_decided").data["accept"] is False


def test_a_return_before_signing_refused_counts_as_signed(api, clock):
    # given: the unit answers the dispatch with a return at 11:00, before signing
    number = new_ticket()
    (top,) = dispatch(api, number, "city-housing")
    clock.move_to(at(6, 23, 11))
    request_id = ask_return(api, top["id"]).body["id"]
    # when: refused the next afternoon, after the sign deadline (Tue 09:00)
    clock.move_to(at(6, 24, 15))
    api("dispatcher").post(f"/returns/{request_id}/decide", {"accept": False, "reason": "首办负责"})
    # then: the unit has the work; its response was in time
    assignment = Assignment.objects.get(pk=top["id"])
    assert (assignment.status, assignment.signed_at) == ("handling", at(6, 24, 15))
    signed = Event.objects.get(kind="signed")
    assert signed.data == {"on_time": True, "via": "return_refused"}


def test_outsiders_are_refused(api, housing):
    # given: 市供水公司 assists on the same ticket; a street does not see it
    number, aid = housing
    before = snapshot(aid)
    # when / then: returning someone else's assignment
    assert ask_return(api, aid, who="water").status == 403
    assert ask_return(api, aid, who="street").status == 404
    assert snapshot(aid) == before and ReturnRequest.objects.count() == 0
    # deciding: only the dispatcher of the platform that dispatched it
    request_id = ask_return(api, aid).body["id"]
    upload(api("handler"), request_id, "说明.pdf", PDF)
    for who, status in [("handler", 403), ("leader", 403), ("operator", 403), ("county", 404)]:
        assert api(who).post(f"/returns/{request_id}/decide", {"accept": True}).status == status, (
            who
        )
        assert api(who).post(f"/returns/{request_id}/dispute", {"reason": "x"}).status == status, (
            who
        )
    assert ReturnRequest.objects.get(pk=request_id).status == "pending"


def test_a_county_child_is_redispatched_at_the_same_hop(api, clock):
    # given: city → 黄石港区 → 花湖街道; the street returns it, suggesting 区城管局
    add_person("street_leader", "unit_leader", "hsg-st-1")
    number = new_ticket()
    (top,) = dispatch(api, number, "hsg-platform")
    (child,) = (
        api("county").post(f"/assignments/{top['id']}/redispatch", {"main_unit": "hsg-st-1"}).body
    )
    api("street").post(f"/assignments/{child['id']}/sign")
    request_id = ask_return(
        api,
        child["id"],
        who="street",
        suggested_unit="hsg-urban",
        leader="street_leader",
    ).body["id"]
    upload(api("street"), request_id, "说明.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg")
    # when: the city platform may not decide a hop it did not dispatch; the county may not
    # re-dispatch to a city department (R3); it accepts the suggestion
    assert api("dispatcher").post(f"/returns/{request_id}/decide", {"accept": True}).status == 403
    before = snapshot(child["id"])
    wrong = api("county").post(
        f"/returns/{request_id}/decide", {"accept": True, "new_main_unit": "city-urban"}
    )
    assert (wrong.status, wrong.body["code"]) == (422, "unit_not_dispatchable")
    assert snapshot(child["id"]) == before
    decided = api("county").post(f"/returns/{request_id}/decide", {"accept": True})
    # then: the new child hangs under the same county assignment
    assert decided.status == 200, decided.body
    new = Assignment.objects.get(pk=decided.body["new_assignment"])
    assert (new.unit.code, new.parent_id, new.role) == ("hsg-urban", top["id"], "main")
    assert Event.objects.get(assignment=new, kind="dispatched").data["from_unit"] == "hsg-platform"
    assert Assignment.objects.get(pk=top["id"]).status == "redispatched"
    assert Assignment.objects.get(pk=child["id"]).status == "returned"


# --- an assisting unit's return (R15): its share is re-dispatched like a main unit's ----------


def _assist_return(api, clock, housing, **over) -> tuple[str, int, int]:
    """市供水公司, assisting on ``housing``, signs and returns its share with the statement on Mon
    14:00: (ticket number, its assignment id, the return request id)."""
    add_person("water_leader", "unit_leader", "hs-water")
    number, _main = housing
    water = Assignment.objects.get(ticket__number=number, unit__code="hs-water").pk
    assert api("water").post(f"/assignments/{water}/sign").status == 200
    clock.move_to(at(6, 23, 14))
    asked = ask_return(api, water, who="water", leader="water_leader", **over)
    assert asked.status == 201, asked.body
    assert upload(api("water"), asked.body["id"], "说明.pdf", PDF)[0] == 200
    return number, water, asked.body["id"]


@pytest.mark.parametrize(
    ("decision", "new_unit"),
    [({}, "city-urban"), ({"new_main_unit": "city-land"}, "city-land")],
    ids=["suggested-unit", "unit-named-by-the-platform"],
)
def test_an_accepted_return_of_an_assisting_unit_gives_its_share_to_a_new_assisting_unit(
    api, clock, housing, decision, new_unit
):
    # given: 市供水公司 returns its assisting share, suggesting 市城管委
    number, water, request_id = _assist_return(api, clock, housing)
    _, main = housing
    main_before = Assignment.objects.get(pk=main)
    before = len(kinds(number))
    # when: the city platform accepts on Tue 10:00
    clock.move_to(at(6, 24, 10))
    decided = api("dispatcher").post(
        f"/returns/{request_id}/decide", {"accept": True, "reason": "情况属实", **decision}
    )
    # then: 供水's share ends; the new unit assists at the same hop on fresh clocks
    assert decided.status == 200, decided.body
    assert (decided.body["status"], decided.body["owner_unit"]) == ("accepted", new_unit)
    assert Assignment.objects.get(pk=water).status == "returned"
    new = Assignment.objects.get(pk=decided.body["new_assignment"])
    assert (new.unit.code, new.role, new.parent_id, new.status) == (
        new_unit,
        "assist",
        None,
        "pending_sign",
    )
    assert (new.dispatched_at, new.sign_deadline, new.answer_deadline) == (
        at(6, 24, 10),
        at(6, 25, 10),
        at(7, 1, 10),
    )
    assert kinds(number, before) == ["return_decided", "dispatched"]
    dispatched = Event.objects.get(assignment=new, kind="dispatched").data
    assert (dispatched["unit"], dispatched["role"], dispatched["from_unit"]) == (
        new_unit,
        "assist",
        "city-platform",
    )
    decided_event = Event.objects.get(kind="return_decided")
    assert (decided_event.data["role"], decided_event.data["new_unit"]) == ("assist", new_unit)
    # and the main unit's share and the ticket are as they were
    main_after = Assignment.objects.get(pk=main)
    assert (main_after.status, main_after.answer_deadline) == (
        main_before.status,
        main_before.answer_deadline,
    )
    assert api("dispatcher").get(f"/tickets/{number}").body["status"] == "dispatched"


def test_an_assisting_unit_returning_to_the_main_unit_leaves_it_one_share(api, clock, housing):
    # given: 市供水公司 says the matter is 市住建局's alone — the hop's main unit
    number, water, request_id = _assist_return(api, clock, housing, suggested_unit="city-housing")
    assignments = Assignment.objects.count()
    before = len(kinds(number))
    # when
    decided = api("dispatcher").post(f"/returns/{request_id}/decide", {"accept": True})
    # then: 供水 is released; 市住建局 keeps the matter with its one (main) share
    assert decided.status == 200, decided.body
    assert (decided.body["owner_unit"], decided.body["new_assignment"]) == ("city-housing", None)
    assert Assignment.objects.get(pk=water).status == "returned"
    assert Assignment.objects.count() == assignments
    assert kinds(number, before) == ["return_decided"]
    assert Event.objects.get(kind="return_decided").data["new_unit"] == "city-housing"


def test_a_main_return_to_the_assisting_unit_makes_it_the_main_unit_with_one_share(
    api, clock, housing
):
    # given: 市住建局 (main) returns the matter to 市供水公司, which assists on the same hop and
    # has signed its share
    number, aid = housing
    water = Assignment.objects.get(ticket__number=number, unit__code="hs-water").pk
    assert api("water").post(f"/assignments/{water}/sign").status == 200
    clock.move_to(at(6, 23, 14))
    asked = ask_return(api, aid, suggested_unit="hs-water")
    assert asked.status == 201, asked.body
    assert upload(api("handler"), asked.body["id"], "说明.pdf", PDF)[0] == 200
    before = len(kinds(number))
    # when the city platform accepts
    clock.move_to(at(6, 24, 10))
    decided = api("dispatcher").post(f"/returns/{asked.body['id']}/decide", {"accept": True})
    # then the water company gives up its assisting share and leads, with fresh clocks
    assert decided.status == 200, decided.body
    assert Assignment.objects.get(pk=water).status == "withdrawn"
    new = Assignment.objects.get(pk=decided.body["new_assignment"])
    assert (new.unit.code, new.role, new.status, new.dispatched_at) == (
        "hs-water",
        "main",
        "pending_sign",
        at(6, 24, 10),
    )
    open_shares = Assignment.objects.filter(
        ticket__number=number, unit__code="hs-water", parent=None
    ).exclude(status__in=["withdrawn", "returned"])
    assert [a.pk for a in open_shares] == [new.pk]
    assert kinds(number, before) == ["return_decided", "assignment_withdrawn", "dispatched"]


@pytest.mark.parametrize(
    ("new_main_unit", "code"),
    [
        ("city-nowhere", "unknown_unit"),
        ("hs-water", "return_same_unit"),
        ("hsg-st-1-c1", "village_not_handling_unit"),
        ("hsg-urban", "unit_not_dispatchable"),
    ],
)
def test_a_bad_replacement_of_an_assisting_unit_changes_nothing(
    api, clock, housing, new_main_unit, code
):
    # given
    number, water, request_id = _assist_return(api, clock, housing)
    before = snapshot(water)
    # when
    response = api("dispatcher").post(
        f"/returns/{request_id}/decide", {"accept": True, "new_main_unit": new_main_unit}
    )
    # then
    assert (response.status, response.body["code"]) == (422, code)
    assert response.body["message"]
    assert snapshot(water) == before
    assert ReturnRequest.objects.get(pk=request_id).status == "pending"


# --- the statement is on the record ---------------------------------------------------------


def test_uploading_the_statement_is_recorded_in_the_ticket_events(api, clock, housing):
    # given: a pending return
    number, aid = housing
    request_id = ask_return(api, aid).body["id"]
    handler = api("handler")
    # when: a refused upload, then a PDF at 11:00, then a PNG scan replacing it at 11:30
    before = snapshot(aid)
    assert upload(handler, request_id, "说明.docx", PDF)[0] == 422
    refused_leaves = snapshot(aid)
    clock.move_to(at(6, 23, 11))
    first = upload(handler, request_id, "退单情况说明.pdf", PDF)[1]["statement"]["sha256"]
    clock.move_to(at(6, 23, 11, 30))
    second = upload(handler, request_id, "盖章说明.png", PNG, "image/png")[1]["statement"]["sha256"]
    # then: a refused upload writes nothing; each stored statement is an event the platform and
    # the unit read in the ticket's log
    assert refused_leaves == before
    for who in ("dispatcher", "handler"):
        log = api(who).get(f"/tickets/{number}/events").body
        attached = [e for e in log if e["kind"] == "return_statement_attached"]
        assert [(e["label"], e["assignment"], e["actor"], e["at"]) for e in attached] == [
            ("上传退单情况说明", aid, "handler", "2025-06-23T11:00:00+08:00"),
            ("上传退单情况说明", aid, "handler", "2025-06-23T11:30:00+08:00"),
        ]
        assert [e["data"] for e in attached] == [
            {
                "request": request_id,
                "name": "退单情况说明.pdf",
                "sha256": first,
                "size": len(PDF),
                "replaces": None,
            },
            {
                "request": request_id,
                "name": "盖章说明.png",
                "sha256": second,
                "size": len(PNG),
                "replaces": first,
            },
        ]
