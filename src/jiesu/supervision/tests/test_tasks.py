"""Item 8 of issue 6: escalations, supervisions and leaders' instructions are tasks — an owner, a
deadline on the working-day calendar, the owner's feedback as their own act, and a queue of
"my tasks" for each owner."""

from __future__ import annotations

from datetime import datetime

import pytest

from jiesu.supervision.models import Escalation, Instruction, Supervision
from jiesu.testing.builders import SH, add_person, dispatched, event_count, last_event, make_ticket

# T0 is Mon 2025-06-23 09:00: 5 working days → Mon 06-30 09:00, 10 → Mon 07-07 09:00
FIVE_DAYS = datetime(2025, 6, 30, 9, 0, tzinfo=SH)
TEN_DAYS = datetime(2025, 7, 7, 9, 0, tzinfo=SH)
DEADLINE = "2025-06-27T18:00:00+08:00"


def escalate(api, ticket, times=1) -> list[dict]:
    return [
        api("supervisor").post(f"/tickets/{ticket.number}/escalate", {"reason": f"第{i}次"}).body
        for i in range(times)
    ]


# --- escalation (提级协调) ---------------------------------------------------------------------


def test_an_escalation_is_a_task_for_the_main_units_leadership_with_a_working_day_deadline(api):
    # given
    ticket = dispatched()
    # when
    (body,) = escalate(api, ticket)
    # then
    assert (body["owner"], body["owner_name"]) == ("city-housing", "市住房和城乡建设局")
    assert body["deadline"] == "2025-06-30T09:00:00+08:00"
    assert (body["open"], body["overdue"], body["feedback"]) == (True, False, "")
    assert Escalation.objects.get().deadline == FIVE_DAYS
    assert last_event(ticket.number, "escalated").data["deadline"] == FIVE_DAYS.isoformat()


def test_the_city_government_escalation_is_owned_by_the_supervision_desk(api, settings):
    # given
    settings.JIESU_ESCALATION_CITY_DAYS = 10
    ticket = dispatched()
    # when
    _, second = escalate(api, ticket, times=2)
    # then
    assert (second["level"], second["owner"]) == ("city_government", None)
    assert second["owner_name"] == "市政府（督查室代为跟踪）"
    assert second["deadline"] == TEN_DAYS.isoformat()


def test_the_unit_leader_feeds_back_as_their_own_act_once(api, clock):
    # given
    ticket = dispatched()
    (body,) = escalate(api, ticket)
    path = f"/escalations/{body['id']}/feedback"
    clock.move_to(datetime(2025, 6, 25, 10, 0, tzinfo=SH))
    # when
    by_handler = api("handler").post(path, {"feedback": "我来写"})
    by_supervisor = api("supervisor").post(path, {"feedback": "代为反馈"})
    empty = api("leader").post(path, {"feedback": "  "})
    done = api("leader").post(path, {"feedback": "已召开专题会协调，物业限期整改。"})
    again = api("leader").post(path, {"feedback": "再反馈"})
    # then
    assert (by_handler.status, by_handler.body["code"]) == (403, "forbidden")
    assert (by_supervisor.status, by_supervisor.body["code"]) == (403, "forbidden")
    assert (empty.status, empty.body["code"]) == (422, "empty_field")
    assert done.status == 200, done.body
    assert (done.body["open"], done.body["feedback_by"]) == (False, "leader")
    assert done.body["feedback_at"] == "2025-06-25T10:00:00+08:00"
    assert (again.status, again.body["code"]) == (409, "feedback_given")
    event = last_event(ticket.number, "escalation_feedback")
    assert (event.actor_name, event.actor_role, event.actor_unit.code) == (
        "leader",
        "unit_leader",
        "city-housing",
    )
    assert event.data == {
        "escalation": body["id"],
        "level": "unit_leadership",
        "feedback": "已召开专题会协调，物业限期整改。",
        "on_time": True,
    }


def test_the_city_government_escalation_is_answered_by_a_supervisor_not_the_unit(api):
    # given
    ticket = dispatched()
    _, second = escalate(api, ticket, times=2)
    path = f"/escalations/{second['id']}/feedback"
    # when
    by_leader = api("leader").post(path, {"feedback": "市政府研究"})
    by_supervisor = api("supervisor").post(
        path, {"feedback": "市政府专题会议已研究，由市住建局牵头。"}
    )
    # then
    assert (by_leader.status, by_leader.body["code"]) == (403, "forbidden")
    assert by_supervisor.status == 200, by_supervisor.body


def test_feedback_on_an_escalation_nobody_can_see_is_not_found(api):
    # given
    ticket = dispatched()
    (body,) = escalate(api, ticket)
    before = event_count(ticket.number)
    # when
    outsider = api("street").post(f"/escalations/{body['id']}/feedback", {"feedback": "x"})
    missing = api("leader").post("/escalations/999999/feedback", {"feedback": "x"})
    # then: not yours and not there answer alike
    assert (outsider.status, outsider.body["code"]) == (404, "escalation_not_found")
    assert (missing.status, missing.body["code"]) == (404, "escalation_not_found")
    assert event_count(ticket.number) == before


def test_my_escalations_queue(api):
    # given: two escalated tickets of city-housing, one of city-urban, one already answered
    first, second, other = dispatched(), dispatched(), dispatched()
    (a,) = escalate(api, first)
    (b,) = escalate(api, second)
    escalate(api, other)
    Escalation.objects.filter(ticket=other).update(
        unit=add_person("u", "unit_leader", "city-urban").unit
    )
    api("leader").post(f"/escalations/{a['id']}/feedback", {"feedback": "已协调"})
    # when
    leader = api("leader").get("/escalations/mine")
    handler = api("handler").get("/escalations/mine")
    # then
    assert leader.status == 200
    assert [(i["id"], i["ticket"]) for i in leader.body["items"]] == [(b["id"], second.number)]
    assert (leader.body["page"], leader.body["has_next"]) == (1, False)
    assert handler.body["items"] == []


# --- supervision (督办) -------------------------------------------------------------------------


def test_a_supervision_is_owned_by_the_main_unit_and_answered_by_it(api):
    # given
    ticket = dispatched()
    opened = api("supervisor").post(
        f"/tickets/{ticket.number}/supervise", {"reason": "群众反映强烈", "deadline": DEADLINE}
    )
    assert opened.body["owner"] == "city-housing"
    path = f"/supervisions/{opened.body['id']}/feedback"
    # when
    outsider = api("street").post(path, {"feedback": "x"})
    answered = api("handler").post(path, {"feedback": "已约谈物业，三日内修复。"})
    again = api("reviewer").post(path, {"feedback": "再反馈"})
    # then
    assert (outsider.status, outsider.body["code"]) == (404, "supervision_not_found")
    assert answered.status == 200, answered.body
    assert (answered.body["open"], answered.body["feedback"]) == (True, "已约谈物业，三日内修复。")
    assert (again.status, again.body["code"]) == (409, "feedback_given")
    event = last_event(ticket.number, "supervision_feedback")
    assert (event.actor_name, event.data["on_time"]) == ("handler", True)
    assert Supervision.objects.get().feedback_by.username == "handler"


def test_a_supervision_can_name_its_unit_and_a_closed_one_takes_no_feedback(api):
    # given: a ticket not yet dispatched is supervised with city-urban named as the unit
    ticket = make_ticket()
    opened = api("dispatcher").post(
        f"/tickets/{ticket.number}/supervise",
        {"reason": "督办", "deadline": DEADLINE, "unit": "city-urban"},
    )
    unknown = api("dispatcher").post(
        f"/tickets/{make_ticket().number}/supervise",
        {"reason": "督办", "deadline": DEADLINE, "unit": "no-such-unit"},
    )
    village = api("dispatcher").post(
        f"/tickets/{make_ticket().number}/supervise",
        {"reason": "督办", "deadline": DEADLINE, "unit": "hsg-st-1-c1"},
    )
    api("supervisor").post(f"/supervisions/{opened.body['id']}/close", {"result": "已办结"})
    add_person("urban", "unit_handler", "city-urban")
    # when
    late = api("urban").post(f"/supervisions/{opened.body['id']}/feedback", {"feedback": "反馈"})
    # then
    assert opened.body["owner"] == "city-urban"
    assert (unknown.status, unknown.body["code"]) == (422, "unknown_unit")
    assert (village.status, village.body["code"]) == (422, "village_not_handling_unit")
    assert (late.status, late.body["code"]) == (409, "supervision_closed")


def test_my_supervisions_queue_lists_the_unanswered_ones_by_deadline(api):
    # given
    late, soon, answered = dispatched(), dispatched(), dispatched()
    desk = api("supervisor")
    s_soon = desk.post(
        f"/tickets/{soon.number}/supervise", {"reason": "乙", "deadline": "2025-06-30T12:00:00"}
    ).body
    s_late = desk.post(
        f"/tickets/{late.number}/supervise", {"reason": "甲", "deadline": "2025-06-24T12:00:00"}
    ).body
    s_done = desk.post(
        f"/tickets/{answered.number}/supervise", {"reason": "丙", "deadline": DEADLINE}
    ).body
    api("handler").post(f"/supervisions/{s_done['id']}/feedback", {"feedback": "已办"})
    # when
    mine = api("reviewer").get("/supervisions/mine")
    other = api("street").get("/supervisions/mine")
    # then
    assert [i["id"] for i in mine.body["items"]] == [s_late["id"], s_soon["id"]]
    assert other.body["items"] == []


# --- leaders' instructions (批示件) ------------------------------------------------------------


def test_an_instruction_gets_a_follow_up_unit_and_a_feedback_deadline(api, settings):
    # given
    settings.JIESU_INSTRUCTION_DAYS = 5
    ticket = dispatched()
    # when
    response = api("supervisor").post(
        f"/tickets/{ticket.number}/instructions",
        {"leader": "王市长", "content": "请市住建局限期解决并反馈。"},
    )
    # then
    assert response.status == 201, response.body
    assert (response.body["owner"], response.body["deadline"]) == (
        "city-housing",
        FIVE_DAYS.isoformat(),
    )
    instruction = Instruction.objects.get()
    assert (instruction.unit.code, instruction.deadline) == ("city-housing", FIVE_DAYS)
    assert last_event(ticket.number, "instruction").data["unit"] == "city-housing"


def test_an_instruction_on_a_ticket_without_a_unit_needs_one_named(api):
    # given
    ticket = make_ticket()
    # when
    without = api("supervisor").post(
        f"/tickets/{ticket.number}/instructions", {"leader": "王市长", "content": "请跟踪。"}
    )
    named = api("supervisor").post(
        f"/tickets/{ticket.number}/instructions",
        {"leader": "王市长", "content": "请跟踪。", "unit": "city-platform"},
    )
    # then
    assert (without.status, without.body["code"]) == (422, "owner_required")
    assert named.status == 201 and named.body["owner"] == "city-platform"
    assert Instruction.objects.count() == 1


def test_the_follow_up_unit_feeds_back_and_its_queue_empties(api):
    # given
    ticket = dispatched()
    created = (
        api("supervisor")
        .post(f"/tickets/{ticket.number}/instructions", {"leader": "王市长", "content": "请反馈。"})
        .body
    )
    queue_before = api("leader").get("/instructions/mine").body["items"]
    # when
    by_supervisor = api("supervisor").post(
        f"/instructions/{created['id']}/feedback", {"feedback": "代写"}
    )
    done = api("leader").post(
        f"/instructions/{created['id']}/feedback", {"feedback": "已按批示整改到位。"}
    )
    missing = api("leader").post("/instructions/999999/feedback", {"feedback": "x"})
    # then
    assert [i["id"] for i in queue_before] == [created["id"]]
    assert (by_supervisor.status, by_supervisor.body["code"]) == (403, "forbidden")
    assert done.status == 200, done.body
    assert (missing.status, missing.body["code"]) == (404, "instruction_not_found")
    assert (
        last_event(ticket.number, "instruction_feedback").data["feedback"] == "已按批示整改到位。"
    )
    assert api("leader").get("/instructions/mine").body["items"] == []


@pytest.mark.parametrize("path", ["/escalations/mine", "/supervisions/mine", "/instructions/mine"])
def test_queues_refuse_deep_pages(api, path):
    response = api("leader").get(f"{path}?page=1001")
    assert (response.status, response.body["code"]) == (422, "page_out_of_range")


def test_lists_cost_the_same_queries_for_one_row_or_many(api):
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(who: str, path: str) -> tuple[int, int]:
        client = api(who)
        client.get(path)  # the token's first use writes last_used_at
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(path).body
        return len(ctx.captured_queries), len(body["items"])

    def supervise_and_escalate():
        ticket = dispatched()
        api("supervisor").post(
            f"/tickets/{ticket.number}/supervise", {"reason": "督办", "deadline": DEADLINE}
        )
        escalate(api, ticket)
        api("supervisor").post(
            f"/tickets/{ticket.number}/instructions", {"leader": "王市长", "content": "请反馈。"}
        )

    paths = [
        ("leader", "/escalations/mine"),
        ("leader", "/supervisions/mine"),
        ("leader", "/instructions/mine"),
        ("supervisor", "/supervisions?open=true"),
    ]
    supervise_and_escalate()
    one = [queries(who, path) for who, path in paths]
    # when
    supervise_and_escalate()
    supervise_and_escalate()
    three = [queries(who, path) for who, path in paths]
    # then
    assert [n for _, n in one] == [1, 1, 1, 1]
    assert [n for _, n in three] == [3, 3, 3, 3]
    assert [q for q, _ in one] == [q for q, _ in three]
