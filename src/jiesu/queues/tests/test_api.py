"""The work queues over the API: each scoped to the caller, ordered by the nearest deadline,
paged without counts, counted with a cap, at a fixed number of queries."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiesu.core.paging import MAX_PAGE
from jiesu.handling.actions import request_extension, request_return
from jiesu.organisation.permissions import may_review
from jiesu.testing.builders import T0, dispatched, make_ticket, person, sh
from jiesu.tickets import actions
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.actions.redispatch import redispatch_assignment
from jiesu.tickets.models import Reply


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def numbers(body) -> list[str]:
    return [item["row"]["number"] for item in body["items"]]


def to_water(**over):
    ticket = make_ticket(**over)
    actions.dispatch_ticket(ticket.number, main_unit="hs-water", actor=person("dispatcher"))
    return ticket


def to_county(**over):
    ticket = make_ticket(**over)
    actions.dispatch_ticket(ticket.number, main_unit="hsg-platform", actor=person("dispatcher"))
    return ticket


# --- GET /assignments -------------------------------------------------------------------------


def test_a_handler_lists_its_units_work_and_none_of_another_units(api):
    # given one ticket for the housing bureau and one for the water company
    mine = dispatched(subject="楼道灯不亮")
    other = to_water(subject="停水")
    # when each unit's handler asks for its assignments
    housing = api("handler").get("/assignments")
    water = api("water").get("/assignments")
    # then each sees only its own, in words
    assert housing.status == 200, housing.body
    assert numbers(housing.body) == [mine.number]
    assert numbers(water.body) == [other.number]
    row = housing.body["items"][0]["row"]
    assert row["state"] == "待签收" and row["unit"] == "市住房和城乡建设局"
    assert row["deadline_kind"] == "签收" and row["region"] == "黄石市"
    assert row["category"] and row["category"] != "urban-property"


def test_open_work_comes_nearest_deadline_first(api, clock):
    # given a complaint dispatched on Monday and one signed, and a newer urgent one (hour clocks)
    first = dispatched(subject="一")
    clock.move_to(sh(2025, 6, 23, 10))
    signed = dispatched(subject="二")
    actions.sign_assignment(main_assignment(signed).pk, actor=person("handler"))
    clock.move_to(sh(2025, 6, 23, 11))
    urgent = dispatched(subject="三", urgent=True)
    # when the handler lists the open work
    body = api("handler").get("/assignments").body
    # then: urgent sign by 12:00, the first sign by Tue 09:00, the signed one's answer next Mon
    assert numbers(body) == [urgent.number, first.number, signed.number]
    assert [i["row"]["deadline_kind"] for i in body["items"]] == ["签收", "签收", "答复"]


def test_status_and_due_filters(api, clock):
    # given two dispatched Monday 09:00; one is signed; it is now Tuesday 08:00
    late = dispatched()
    signed = dispatched()
    actions.sign_assignment(main_assignment(signed).pk, actor=person("handler"))
    clock.move_to(sh(2025, 6, 24, 8))
    handler = api("handler")
    # when / then: status, due soon (sign deadline Tue 09:00, within 4 h)
    assert numbers(handler.get("/assignments?status=handling").body) == [signed.number]
    assert numbers(handler.get("/assignments?due=due_soon").body) == [late.number]
    assert numbers(handler.get("/assignments?due=sign_overdue").body) == []
    # and after the sign deadline the unsigned one is sign-overdue, not answer-overdue
    clock.move_to(sh(2025, 6, 24, 9, 30))
    assert numbers(handler.get("/assignments?due=sign_overdue").body) == [late.number]
    assert numbers(handler.get("/assignments?due=answer_overdue").body) == []
    # and finished statuses list too
    assert handler.get("/assignments?status=answered").body["items"] == []


def test_bad_filters_are_refused_with_their_codes(api):
    handler = api("handler")
    assert handler.get("/assignments?status=nope").body["code"] == "invalid_status"
    assert handler.get("/assignments?due=later").body["code"] == "invalid_due"
    assert handler.get("/assignments?unit=nowhere").body["code"] == "unknown_unit"
    assert handler.get(f"/assignments?page={MAX_PAGE + 1}").body["code"] == "page_out_of_range"


def test_a_citizen_has_no_assignment_queue(api):
    assert api("citizen").get("/assignments").status == 403


def test_a_county_platform_lists_its_hop_and_what_it_handed_out_but_no_city_unit(api, clock):
    # given: one ticket for the county, re-dispatched to a street; one for the housing bureau
    county_ticket = to_county()
    top = main_assignment(county_ticket)
    clock.move_to(sh(2025, 6, 23, 10))
    redispatch_assignment(top.pk, main_unit="hsg-st-1", actor=person("county"))
    dispatched()
    # when the county dispatcher and the street list their work
    county = api("county").get("/assignments?status=pending_sign").body
    everything = api("county").get("/assignments?status=redispatched").body
    street = api("street").get("/assignments").body
    # then: the county sees the street's hop it handed out and its own (now re-dispatched) hop
    assert [(i["unit"], i["status"]) for i in county["items"]] == [("hsg-st-1", "pending_sign")]
    assert [i["unit"] for i in everything["items"]] == ["hsg-platform"]
    assert [i["unit"] for i in street["items"]] == ["hsg-st-1"]


def test_the_city_dispatcher_filters_by_unit(api):
    housing = dispatched()
    to_water()
    body = api("dispatcher").get("/assignments?unit=city-housing").body
    assert numbers(body) == [housing.number]


def test_the_assignment_queue_costs_the_same_queries_for_few_and_many(api):
    # given two tickets, and the queries their list takes
    handler = api("handler")
    for _ in range(2):
        dispatched()
    handler.get("/assignments")  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        handler.get("/assignments")
    # when eight more wait
    for _ in range(8):
        dispatched()
    # then ten cost no more
    with CaptureQueriesContext(connection) as many:
        body = handler.get("/assignments").body
    assert len(body["items"]) == 10
    assert len(many.captured_queries) == len(few.captured_queries)


# --- GET /replies?awaiting=me -----------------------------------------------------------------


def test_replies_wait_for_the_reviewers_of_their_level_only(api):
    # given a reply written by the housing bureau's handler
    ticket = dispatched()
    main = main_assignment(ticket)
    actions.sign_assignment(main.pk, actor=person("handler"))
    reply = actions.submit_reply(main.pk, "已修复。", actor=person("handler"))
    # then the section heads of the unit see it (its author and other units do not)
    seen = {u: [i["id"] for i in api(u).get("/replies?awaiting=me").body["items"]] for u in PEOPLE}
    assert seen == {
        "reviewer": [reply.pk],
        "leader": [reply.pk],
        "handler": [],
        "street_head": [],
        "dispatcher": [],
    }
    # when the section head approves, the platform's dispatcher has it
    actions.review_reply(reply.pk, approve=True, actor=person("reviewer"))
    assert [i["id"] for i in api("dispatcher").get("/replies?awaiting=me").body["items"]] == [
        reply.pk
    ]
    assert api("reviewer").get("/replies?awaiting=me").body["items"] == []
    assert api("handler").get("/replies?awaiting=other").body["code"] == "invalid_awaiting"


PEOPLE = ["reviewer", "leader", "handler", "street_head", "dispatcher"]


def test_the_review_queue_agrees_with_the_permission_check(api, clock):
    # given replies at the section head's, the deputy leader's (a key request) and the
    # platform's level
    for key, approved in ((False, False), (True, False), (False, True)):
        ticket = dispatched()
        if key:
            ticket.key_request = True
            ticket.save(update_fields=["key_request"])
        main = main_assignment(ticket)
        actions.sign_assignment(main.pk, actor=person("handler"))
        reply = actions.submit_reply(main.pk, "答复。", actor=person("handler"))
        if approved:
            actions.review_reply(reply.pk, approve=True, actor=person("reviewer"))
        clock.shift(60)
    # then for every person the queue holds exactly the replies the check lets them review
    replies = list(Reply.objects.filter(status="in_review").select_related("assignment__parent"))
    for username in [*PEOPLE, "county", "street", "supervisor"]:
        actor = person(username)
        expected = sorted(
            r.pk
            for r in replies
            if may_review(actor, r, r.assignment) and r.author_id != actor.user_id
        )
        listed = api(username).get("/replies?awaiting=me").body
        got = sorted(i["id"] for i in listed.get("items", []))
        assert got == expected, username


# --- GET /extensions, /returns, /me/queues ------------------------------------------------------


def test_pending_extensions_are_listed_to_the_platform_and_the_unit_only(api):
    # given the housing bureau asks for an extension
    ticket = dispatched()
    main = main_assignment(ticket)
    actions.sign_assignment(main.pk, actor=person("handler"))
    ext = request_extension(main.pk, working_days=3, reason="需现场勘查。", actor=person("handler"))
    # then the city dispatcher and the unit see it; the water company and the county do not
    for username, expected in [
        ("dispatcher", [ext.pk]),
        ("handler", [ext.pk]),
        ("water", []),
        ("county", []),
    ]:
        body = api(username).get("/extensions?status=pending").body
        assert [i["id"] for i in body["items"]] == expected, username
    assert api("dispatcher").get("/extensions?status=nope").body["code"] == "invalid_status"
    assert api("citizen").get("/extensions").status == 403


def test_returns_and_callbacks_refuse_unbounded_pages(api):
    for path in ("/returns?status=pending", "/callbacks/due"):
        body = api("dispatcher").get(f"{path}{'&' if '?' in path else '?'}page={MAX_PAGE + 1}")
        assert body.status == 422 and body.body["code"] == "page_out_of_range", path


def test_counters_per_role(api, clock):
    # given: two for the housing bureau (one signed, then asked to be returned), one for water
    dispatched()
    returning = dispatched()
    main = main_assignment(returning)
    actions.sign_assignment(main.pk, actor=person("handler"))
    request_return(
        main.pk,
        findings="不属本单位职责。",
        policy_basis="《供水条例》",
        suggested_unit="hs-water",
        actor=person("handler"),
    )
    to_water()
    make_ticket()  # accepted, waiting to be dispatched
    # when each asks for its counters
    handler = api("handler").get("/me/queues").body
    leader = api("leader").get("/me/queues").body
    operator = api("operator").get("/me/queues").body
    water = api("water").get("/me/queues").body
    # then each counts its own work
    assert handler["pending_sign"] == 1 and handler["return_review"] == 1
    assert leader["returns_to_lead"] == 1
    assert water["pending_sign"] == 1 and water["return_review"] == 0
    assert operator["to_dispatch"] == 1
    assert list(handler)[:2] == ["pending_sign", "handling"]  # the order of the tabs


def test_counters_stop_at_the_cap(api, settings):
    settings.JIESU_QUEUE_COUNT_CAP = 2
    for _ in range(3):
        dispatched()
    assert api("handler").get("/me/queues").body["pending_sign"] == 2


def test_a_queue_page_in_words_and_an_unknown_queue(api):
    ticket = dispatched()
    body = api("handler").get("/me/queues/pending_sign").body
    assert body["label"] == "待签收" and [r["number"] for r in body["items"]] == [ticket.number]
    # a queue of another role is not the handler's
    assert api("handler").get("/me/queues/to_dispatch").status == 404
