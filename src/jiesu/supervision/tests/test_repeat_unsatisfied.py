"""Plan item 14: 反复投诉长期未解决的不满意件 — open tickets with repeated unsatisfied callbacks, or
one unsatisfied callback and open for long, for the supervision desk."""

from __future__ import annotations

from datetime import datetime

import pytest

from jiesu.supervision.queries import working_days_ago
from jiesu.testing.builders import SH, T0, answer, replied, sh
from jiesu.workdays.loader import get_calendar


def unsatisfied(api, ticket) -> None:
    response = api("operator").post(f"/tickets/{ticket.number}/callback", {"result": "unsatisfied"})
    assert response.status == 201, response.body


@pytest.fixture
def history(api, clock):
    """On Mon 2025-05-26: ``old`` gets one unsatisfied callback and stays open. On T0 (Mon
    06-23 09:00): ``repeated`` two, ``once`` one, ``resolved`` two and then a satisfied one."""
    clock.move_to(datetime(2025, 5, 26, 9, 0, tzinfo=SH))
    old = replied(caller_phone="13900000001")
    unsatisfied(api, old)
    clock.move_to(T0)
    repeated, once, resolved = (replied(caller_phone=f"1390000001{i}") for i in range(3))
    for ticket in (repeated, resolved):
        unsatisfied(api, ticket)
        answer(ticket)
        unsatisfied(api, ticket)
    answer(resolved)
    api("operator").post(f"/tickets/{resolved.number}/callback", {"result": "satisfied"})
    unsatisfied(api, once)
    return {"old": old, "repeated": repeated, "once": once, "resolved": resolved}


def test_the_list_holds_the_repeated_and_the_long_unresolved_most_complained_first(api, history):
    # when
    response = api("supervisor").get("/supervisions/repeat-unsatisfied")
    # then
    assert response.status == 200, response.body
    body = response.body
    assert (body["repeat_min"], body["long_days"], body["has_next"]) == (2, 15, False)
    rows = {r["number"]: r for r in body["items"]}
    assert [r["number"] for r in body["items"]] == [
        history["repeated"].number,
        history["old"].number,
    ]
    repeated, old = rows[history["repeated"].number], rows[history["old"].number]
    assert (repeated["unsatisfied"], repeated["repeated"], repeated["long_unresolved"]) == (
        2,
        True,
        False,
    )
    assert repeated["status"] == "rehandling"
    # Mon 05-26 → Mon 06-23: 19 working days (端午 Mon 06-02 off)
    assert (old["unsatisfied"], old["repeated"], old["long_unresolved"]) == (1, False, True)
    assert old["open_working_days"] == 19.0


def test_the_thresholds_are_settings(api, history, settings):
    # given
    settings.JIESU_REPEAT_UNSATISFIED_MIN = 1
    settings.JIESU_LONG_UNRESOLVED_DAYS = 20
    # when
    rows = api("dispatcher").get("/supervisions/repeat-unsatisfied").body["items"]
    # then: every open unsatisfied ticket, the old one no longer long
    assert [r["number"] for r in rows] == [
        history["repeated"].number,
        history["old"].number,
        history["once"].number,
    ]
    assert rows[1]["long_unresolved"] is False


def test_the_list_is_for_the_supervision_desk_and_scoped(api, history):
    # when
    unit = api("handler").get("/supervisions/repeat-unsatisfied")
    county = api("county").get("/supervisions/repeat-unsatisfied")
    deep = api("supervisor").get("/supervisions/repeat-unsatisfied?page=1001")
    # then
    assert (unit.status, unit.body["code"]) == (403, "forbidden")
    assert county.status == 200 and county.body["items"] == []  # city tickets: not the county's
    assert (deep.status, deep.body["code"]) == (422, "page_out_of_range")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "n"),
    [
        (sh(2025, 6, 23, 9), 15),  # a Monday
        (sh(2025, 9, 28, 15), 1),  # a 调休 Sunday
        (sh(2025, 10, 4, 10), 3),  # inside the National Day break
        (sh(2026, 2, 24, 9, 30), 2),  # the first working day after the Spring Festival
        (sh(2025, 10, 9, 0), 1),  # midnight
    ],
)
def test_working_days_ago_inverts_working_days_between(now, n):
    calendar = get_calendar()
    start = working_days_ago(calendar, now, n)
    assert calendar.working_days_between(start, now) == n
    assert calendar.working_days_between(start.replace(second=1), now) < n


def test_the_cli_lists_the_same_tickets(history):
    import io

    from django.core.management import call_command

    # when
    out = io.StringIO()
    call_command("supervision", "repeat-unsatisfied", stdout=out)
    # then
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("工单编号")
    assert lines[1].split("\t")[:3] == [history["repeated"].number, "重办", "2"]
    assert lines[2].split("\t")[:4] == [history["old"].number, "重办", "1", "19.0"]
    assert lines[-1] == "合计：2"
