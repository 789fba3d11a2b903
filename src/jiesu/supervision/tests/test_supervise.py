"""R18 督办: a supervision with its own deadline; closing it; the supervisor's list."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from jiesu.supervision.models import Supervision
from jiesu.testing.builders import SH, T0, dispatched, event_count, last_event, make_ticket

DEADLINE = "2025-06-27T18:00:00+08:00"


def test_supervisor_opens_a_supervision_with_its_own_deadline(api):
    # given
    ticket = dispatched()
    # when
    response = api("supervisor").post(
        f"/tickets/{ticket.number}/supervise", {"reason": "群众反映强烈", "deadline": DEADLINE}
    )
    # then
    assert response.status == 201, response.body
    assert response.body["open"] is True
    assert response.body["overdue"] is False
    supervision = Supervision.objects.get(ticket=ticket)
    assert supervision.deadline == datetime(2025, 6, 27, 18, 0, tzinfo=SH)
    ticket.refresh_from_db()
    assert (ticket.supervised, ticket.track) == (True, "supervised")
    event = last_event(ticket.number, "supervision_opened")
    assert event.data["supervision"] == supervision.pk
    assert event.data["from_track"] == "time_limited"
    assert event.data["deadline"] == "2025-06-27T18:00:00+08:00"


def test_a_deadline_without_offset_is_read_in_shanghai(api):
    # given
    ticket = make_ticket()
    # when
    response = api("dispatcher").post(
        f"/tickets/{ticket.number}/supervise",
        {"reason": "重点跟踪", "deadline": "2025-06-24T09:00:00"},
    )
    # then
    assert response.status == 201, response.body
    assert Supervision.objects.get().deadline == datetime(2025, 6, 24, 9, 0, tzinfo=SH)


@pytest.mark.parametrize(
    "deadline", ["2025-06-23T09:00:00+08:00", "2025-06-22T18:00:00+08:00", "下周五", ""]
)
def test_the_deadline_must_be_a_future_date_time(api, deadline):
    # given
    ticket = dispatched()
    before = event_count(ticket.number)
    # when
    response = api("supervisor").post(
        f"/tickets/{ticket.number}/supervise", {"reason": "督办", "deadline": deadline}
    )
    # then
    assert response.status == 422
    assert response.body["code"] == "invalid_deadline"
    assert event_count(ticket.number) == before
    ticket.refresh_from_db()
    assert ticket.supervised is False
    assert not Supervision.objects.exists()


def test_supervision_needs_a_reason(api):
    # given
    ticket = dispatched()
    # when
    response = api("supervisor").post(f"/tickets/{ticket.number}/supervise", {"deadline": DEADLINE})
    # then
    assert response.status == 422
    assert response.body["code"] == "reason_required"
    assert not Supervision.objects.exists()


@pytest.mark.parametrize(
    ("outsider", "status"), [("handler", 403), ("leader", 403), ("citizen", 404)]
)
def test_outsiders_cannot_supervise(api, outsider, status):
    # given
    ticket = dispatched()
    before = event_count(ticket.number)
    # when
    response = api(outsider).post(
        f"/tickets/{ticket.number}/supervise", {"reason": "督办", "deadline": DEADLINE}
    )
    # then
    assert response.status == status  # what one cannot see is 404
    assert event_count(ticket.number) == before
    assert not Supervision.objects.exists()


def test_one_open_supervision_at_a_time_and_none_on_a_merged_ticket(api):
    # given
    ticket = dispatched()
    other = make_ticket()
    api("supervisor").post(
        f"/tickets/{ticket.number}/supervise", {"reason": "督办", "deadline": DEADLINE}
    )
    api("operator").post(f"/tickets/{other.number}/merge", {"into": ticket.number})
    # when
    again = api("supervisor").post(
        f"/tickets/{ticket.number}/supervise", {"reason": "再督办", "deadline": DEADLINE}
    )
    merged = api("supervisor").post(
        f"/tickets/{other.number}/supervise", {"reason": "督办", "deadline": DEADLINE}
    )
    # then
    assert (again.status, again.body["code"]) == (409, "supervision_open")
    assert (merged.status, merged.body["code"]) == (409, "state_conflict")
    assert Supervision.objects.count() == 1


def test_closing_a_supervision_records_its_result_and_whether_it_was_on_time(api, clock):
    # given
    ticket = dispatched()
    opened = api("supervisor").post(
        f"/tickets/{ticket.number}/supervise",
        {"reason": "督办", "deadline": "2025-06-24T09:00:00+08:00"},
    )
    clock.move_to(T0 + timedelta(days=2))
    # when
    closed = api("supervisor").post(
        f"/supervisions/{opened.body['id']}/close", {"result": "已整改到位"}
    )
    again = api("supervisor").post(
        f"/supervisions/{opened.body['id']}/close", {"result": "再次办结"}
    )
    # then
    assert closed.status == 200, closed.body
    assert (closed.body["open"], closed.body["overdue"], closed.body["result"]) == (
        False,
        True,
        "已整改到位",
    )
    event = last_event(ticket.number, "supervision_closed")
    assert event.data == {
        "supervision": opened.body["id"],
        "result": "已整改到位",
        "on_time": False,
    }
    assert (again.status, again.body["code"]) == (409, "supervision_closed")
    ticket.refresh_from_db()
    assert ticket.supervised is True  # still called back in full


def test_closing_needs_a_result_a_desk_and_an_existing_supervision(api):
    # given
    ticket = dispatched()
    opened = api("supervisor").post(
        f"/tickets/{ticket.number}/supervise", {"reason": "督办", "deadline": DEADLINE}
    )
    before = event_count(ticket.number)
    path = f"/supervisions/{opened.body['id']}/close"
    # when
    empty = api("supervisor").post(path, {"result": " "})
    outsider = api("handler").post(path, {"result": "办完了"})
    missing = api("supervisor").post("/supervisions/999999/close", {"result": "办完了"})
    # then
    assert (empty.status, empty.body["code"]) == (422, "empty_field")
    assert (outsider.status, outsider.body["code"]) == (403, "forbidden")
    assert (missing.status, missing.body["code"]) == (404, "supervision_not_found")
    assert event_count(ticket.number) == before
    assert Supervision.objects.get().closed_at is None


def test_the_supervisor_desk_lists_open_supervisions_by_deadline_with_overdue_flagged(api, clock):
    # given
    late, soon, done = dispatched(), dispatched(), dispatched()
    desk = api("supervisor")
    desk.post(
        f"/tickets/{late.number}/supervise",
        {"reason": "甲", "deadline": "2025-06-23T12:00:00+08:00"},
    )
    desk.post(
        f"/tickets/{soon.number}/supervise",
        {"reason": "乙", "deadline": "2025-06-30T12:00:00+08:00"},
    )
    closed = desk.post(f"/tickets/{done.number}/supervise", {"reason": "丙", "deadline": DEADLINE})
    desk.post(f"/supervisions/{closed.body['id']}/close", {"result": "已办结"})
    clock.move_to(datetime(2025, 6, 23, 15, 0, tzinfo=SH))
    # when
    response = desk.get("/supervisions?open=true")
    # then
    assert response.status == 200
    assert [(i["ticket"], i["overdue"]) for i in response.body["items"]] == [
        (late.number, True),
        (soon.number, False),
    ]
    assert response.body["has_next"] is False
    assert [i["ticket"] for i in desk.get("/supervisions?open=false").body["items"]] == [
        done.number
    ]


def test_units_do_not_get_the_supervisor_desk_list(api):
    # when
    response = api("handler").get("/supervisions?open=true")
    # then
    assert (response.status, response.body["code"]) == (403, "forbidden")
