"""The platform's review of returns (R15): the dispatch dispute review (派单争议审核) that settles
who owns a matter, and the per-unit return statistics reviewed periodically (定期复盘)."""

from __future__ import annotations

from datetime import date

from jiesu.handling.models import ReturnRequest
from jiesu.handling.queries import return_stats
from jiesu.testing.builders import add_person, person
from jiesu.testing.handling import PDF, ask_return, at, dispatch, kinds, new_ticket, upload
from jiesu.tickets.models import Assignment, Event


def test_a_dispute_review_settles_who_owns_the_matter(api, clock, housing):
    # given
    number, aid = housing
    request_id = ask_return(api, aid).body["id"]
    upload(api("handler"), request_id, "说明.pdf", PDF)
    before = len(kinds(number))
    # when: the platform opens a dispatch dispute review instead of deciding at once
    no_reason = api("dispatcher").post(f"/returns/{request_id}/dispute", {"reason": ""})
    opened = api("dispatcher").post(
        f"/returns/{request_id}/dispute", {"reason": "住建与城管对物业照明职责存在争议"}
    )
    # then
    assert (no_reason.status, no_reason.body["code"]) == (422, "reason_required")
    assert opened.status == 200, opened.body
    assert opened.body["status"] == "disputed"
    assert opened.body["dispute"]["opened_by"] == "dispatcher"
    assert (
        api("dispatcher").post(f"/returns/{request_id}/dispute", {"reason": "再议"}).status == 409
    )
    # when: the review rules that 市自然资源和规划局 owns it
    clock.move_to(at(6, 25, 10))
    decided = api("dispatcher").post(
        f"/returns/{request_id}/decide",
        {"accept": True, "reason": "经会商，属规划部门职责", "new_main_unit": "city-land"},
    )
    # then
    assert decided.status == 200, decided.body
    assert (decided.body["status"], decided.body["owner_unit"]) == ("accepted", "city-land")
    new = Assignment.objects.get(pk=decided.body["new_assignment"])
    assert (new.unit.code, new.parent_id) == ("city-land", None)
    assert kinds(number, before) == [
        "dispute_opened",
        "return_decided",
        "dispute_decided",
        "dispatched",
    ]
    assert Event.objects.get(kind="dispute_decided").data["owner"] == "city-land"


def test_a_dispute_can_confirm_the_first_receiver(api, housing):
    number, aid = housing
    request_id = ask_return(api, aid).body["id"]
    api("dispatcher").post(f"/returns/{request_id}/dispute", {"reason": "职责不清"})
    decided = api("dispatcher").post(
        f"/returns/{request_id}/decide", {"accept": False, "reason": "首办负责，由住建局牵头"}
    )
    assert (decided.body["status"], decided.body["owner_unit"]) == ("refused", "city-housing")
    assert Event.objects.get(kind="dispute_decided").data["owner"] == "city-housing"
    assert Assignment.objects.get(pk=aid).status == "handling"


def test_return_statistics_per_unit(api, clock, django_assert_num_queries):
    # given: in June 市住建局 had one return accepted, one refused, one pending, one withdrawn
    # (its ticket merged into another) and one its own leader refused; 市供水公司 one under
    # dispute review; a July return falls outside the period
    add_person("water_leader", "unit_leader", "hs-water")

    def returned(main: str, who: str, leader: str, when) -> int:
        clock.move_to(when)
        (top,) = dispatch(api, new_ticket(), main)
        api(who).post(f"/assignments/{top['id']}/sign")
        request_id = ask_return(api, top["id"], who=who, leader=leader).body["id"]
        upload(api(who), request_id, "说明.pdf", PDF)
        return request_id

    accepted = returned("city-housing", "handler", "leader", at(6, 23))
    refused = returned("city-housing", "handler", "leader", at(6, 24))
    returned("city-housing", "handler", "leader", at(6, 30, 23, 59))
    disputed = returned("hs-water", "water", "water_leader", at(6, 26))
    merged_away = returned("city-housing", "handler", "leader", at(6, 27))
    returned("city-housing", "handler", "leader", at(7, 1, 0, 1))
    clock.move_to(at(6, 29))
    (top,) = dispatch(api, new_ticket(), "city-housing")
    kept = ask_return(api, top["id"], leader=None).body["id"]
    api("leader").post(f"/returns/{kept}/leader-review", {"approve": False, "comment": "本单位办"})
    merged_number = ReturnRequest.objects.get(pk=merged_away).assignment.ticket.number
    primary = new_ticket()
    merged = api("dispatcher").post(f"/tickets/{merged_number}/merge", {"into": primary})
    assert merged.status == 200, merged.body
    assert ReturnRequest.objects.get(pk=merged_away).status == "withdrawn"
    api("dispatcher").post(f"/returns/{accepted}/decide", {"accept": True})
    api("dispatcher").post(f"/returns/{refused}/decide", {"accept": False, "reason": "首办负责"})
    api("dispatcher").post(f"/returns/{disputed}/dispute", {"reason": "职责争议"})
    # when
    response = api("supervisor").get("/returns/stats?from=2025-06-01&to=2025-06-30")
    # then
    assert response.status == 200, response.body
    assert response.body["units"] == [
        {
            "unit": "city-housing",
            "unit_name": "市住房和城乡建设局",
            "requested": 5,
            "accepted": 1,
            "refused": 1,
            "pending": 1,
            "withdrawn": 1,
            "disputed": 0,
            "leader_refused": 1,
        },
        {
            "unit": "hs-water",
            "unit_name": "市供水公司",
            "requested": 1,
            "accepted": 0,
            "refused": 0,
            "pending": 1,
            "withdrawn": 0,
            "disputed": 1,
            "leader_refused": 0,
        },
    ]
    # a unit sees its own row only; a citizen nothing; a reversed period is refused
    own = api("water").get("/returns/stats?from=2025-06-01&to=2025-06-30").body["units"]
    assert [row["unit"] for row in own] == ["hs-water"]
    assert api("citizen").get("/returns/stats?from=2025-06-01&to=2025-06-30").status == 403
    reversed_ = api("dispatcher").get("/returns/stats?from=2025-06-30&to=2025-06-01")
    assert (reversed_.status, reversed_.body["code"]) == (422, "invalid_period")
    far = api("dispatcher").get("/returns/stats?from=0001-01-01&to=9999-12-31")  # was a 500
    assert (far.status, far.body["code"]) == (422, "date_out_of_range")  # the input boundary
    # and it is one aggregated query, however many returns there are
    supervisor = person("supervisor")
    with django_assert_num_queries(1):
        return_stats(supervisor, start=date(2025, 6, 1), end=date(2025, 6, 30))
