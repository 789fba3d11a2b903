"""An accepted return that gives the matter back to the platform (退回平台, R15 with R12): the
unit's findings show the request is outside 12345's scope, so the platform accepts the return
without re-dispatching it; the ticket is the platform's own case again (``accepted``), to be
diverted (分流) — or dispatched anew — like any fresh request."""

from __future__ import annotations

from jiesu.testing.handling import PDF, ask_return, dispatch, kinds, new_ticket, upload
from jiesu.tickets.models import Assignment, Ticket

OUT_OF_SCOPE = {
    "findings": "经核实，诉求人反映的是其与原单位的历史劳动争议，已多次到信访部门反映。",
    "policy_basis": "《信访工作条例》第二十一条",
    "suggested_unit": "city-urban",
}


def _back(api, request_id: int, **over):
    return api("dispatcher").post(
        f"/returns/{request_id}/decide",
        {"accept": True, "reason": "不属12345受理范围，退回平台分流", "back_to_platform": True}
        | over,
    )


def test_an_accepted_return_gives_the_ticket_back_to_the_platform_which_diverts_it(api, housing):
    # given 市住建局 returns a matter that belongs to the petition system, with 市供水公司 assisting
    number, aid = housing
    water = Assignment.objects.get(ticket__number=number, unit__code="hs-water")
    request_id = ask_return(api, aid, **OUT_OF_SCOPE).body["id"]
    upload(api("handler"), request_id, "说明.pdf", PDF)
    # when the platform accepts it without re-dispatching
    decided = _back(api, request_id)
    # then no unit holds the ticket: it is the platform's own case again
    assert decided.status == 200, decided.body
    assert (decided.body["status"], decided.body["new_assignment"]) == ("accepted", None)
    assert Ticket.objects.get(number=number).status == "accepted"
    assert Assignment.objects.get(pk=aid).status == "returned"
    water.refresh_from_db()
    assert water.status == "withdrawn"
    assert kinds(number)[-3:] == ["return_decided", "assignment_withdrawn", "returned_to_platform"]
    # and the platform diverts it to the petition platform (R12)
    diverted = api("operator").post(
        f"/tickets/{number}/divert", {"channel": "xinfang", "reason": "历史劳动争议，属信访事项"}
    )
    assert diverted.status == 201, diverted.body
    assert Ticket.objects.get(number=number).status in ("diverted", "closed")


def test_a_ticket_given_back_can_be_dispatched_anew(api, housing):
    number, aid = housing
    request_id = ask_return(api, aid).body["id"]
    upload(api("handler"), request_id, "说明.pdf", PDF)
    assert _back(api, request_id).status == 200
    (top,) = dispatch(api, number, "city-urban")
    assert top["unit"] == "city-urban"
    assert Ticket.objects.get(number=number).status == "dispatched"


def test_giving_back_is_refused_with_a_unit_named_or_when_refusing(api, housing):
    number, aid = housing
    request_id = ask_return(api, aid).body["id"]
    upload(api("handler"), request_id, "说明.pdf", PDF)
    before = kinds(number)
    both = _back(api, request_id, new_main_unit="city-urban")
    refusing = _back(api, request_id, accept=False)
    assert (both.status, both.body["code"]) == (422, "back_to_platform_with_unit")
    assert (refusing.status, refusing.body["code"]) == (422, "back_to_platform_needs_accept")
    assert kinds(number) == before
    assert Ticket.objects.get(number=number).status == "dispatched"


def test_only_the_main_units_return_of_the_top_hop_goes_back(api, clock):
    # given 市供水公司, assisting, returns its share
    number = new_ticket()
    _top, water = dispatch(api, number, "city-housing", ["hs-water"])
    api("water").post(f"/assignments/{water['id']}/sign")
    from jiesu.testing.builders import add_person

    add_person("water_leader", "unit_leader", "hs-water")
    request_id = ask_return(api, water["id"], who="water", leader="water_leader").body["id"]
    upload(api("water"), request_id, "说明.pdf", PDF)
    before = kinds(number)
    # when the platform tries to give the whole ticket back on it
    refused = _back(api, request_id)
    # then the main unit still leads: nothing changes
    assert (refused.status, refused.body["code"]) == (409, "back_to_platform_main_only")
    assert kinds(number) == before
