"""The SLA sweep: a warning at the lead time before each deadline, an overdue mark after it, each
recorded once as an event; how late is measured in working days; `jiesu sweep`; the overdue
filter of the ticket list."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.management import call_command

from jiesu.testing.builders import person
from jiesu.testing.loop import dispatched, replied, sh
from jiesu.tickets import actions
from jiesu.tickets.actions import sweep
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Event

pytestmark = pytest.mark.usefixtures("city")

# Mon 2026-11-23 11:00: sign due Tue 11-24 11:00, complaint answer due Mon 11-30 11:00
AT = sh(2026, 11, 23, 11)
SIGN_DUE = sh(2026, 11, 24, 11)
ANSWER_DUE = sh(2026, 11, 30, 11)

SLA_KINDS = [
    EventKind.SIGN_WARNING,
    EventKind.SIGN_OVERDUE,
    EventKind.ANSWER_WARNING,
    EventKind.ANSWER_OVERDUE,
]


def marks(assignment) -> list[str]:
    return list(
        assignment.events.filter(kind__in=SLA_KINDS).order_by("id").values_list("kind", flat=True)
    )


def test_nothing_before_the_lead_time():
    _, a = dispatched(at=AT)
    result = sweep(now=sh(2026, 11, 24, 6, 59))
    assert result.total == 0
    assert marks(a) == []


def test_sign_warning_at_the_lead_time_once():
    # given the default lead of 4 hours
    _, a = dispatched(at=AT)
    # when the sweep runs at 07:00 on the sign day, and again
    first = sweep(now=sh(2026, 11, 24, 7))
    second = sweep(now=sh(2026, 11, 24, 7, 30))
    # then one warning, recorded once, by the system
    assert first.counts[EventKind.SIGN_WARNING] == 1 and first.total == 1
    assert second.total == 0
    assert marks(a) == [EventKind.SIGN_WARNING]
    event = a.events.get(kind=EventKind.SIGN_WARNING)
    assert (event.actor_id, event.actor_name, event.actor_role, event.actor_unit_id) == (
        None,
        "system",
        "system",
        None,
    )
    assert event.at == sh(2026, 11, 24, 7)
    assert event.data == {"deadline": SIGN_DUE.isoformat()}
    a.refresh_from_db()
    assert a.sign_warned_at == sh(2026, 11, 24, 7) and a.sign_overdue_at is None


def test_lead_time_is_configuration(settings):
    settings.JIESU_WARNING_LEAD_HOURS = 1
    _, a = dispatched(at=AT)
    assert sweep(now=sh(2026, 11, 24, 9, 59)).total == 0
    assert sweep(now=sh(2026, 11, 24, 10)).counts[EventKind.SIGN_WARNING] == 1


def test_at_the_deadline_itself_it_is_not_yet_overdue():
    _, a = dispatched(at=AT)
    sweep(now=SIGN_DUE)
    assert marks(a) == [EventKind.SIGN_WARNING]


def test_overdue_after_the_deadline_once():
    # given a warned assignment nobody signed
    _, a = dispatched(at=AT)
    sweep(now=sh(2026, 11, 24, 8))
    # when the sweep runs after the deadline, twice
    first = sweep(now=sh(2026, 11, 24, 11, 1))
    second = sweep(now=sh(2026, 11, 24, 12))
    # then one overdue mark
    assert first.counts[EventKind.SIGN_OVERDUE] == 1 and first.total == 1
    assert second.total == 0
    assert marks(a) == [EventKind.SIGN_WARNING, EventKind.SIGN_OVERDUE]
    a.refresh_from_db()
    assert a.sign_overdue_at == sh(2026, 11, 24, 11, 1)


def test_a_late_first_sweep_marks_overdue_without_a_warning():
    _, a = dispatched(at=AT)
    result = sweep(now=sh(2026, 11, 25, 9))
    assert result.counts[EventKind.SIGN_OVERDUE] == 1
    assert result.counts[EventKind.SIGN_WARNING] == 0
    assert marks(a) == [EventKind.SIGN_OVERDUE]


def test_signed_assignments_are_not_marked_for_signing_but_for_answering():
    # given an assignment signed on time
    _, a = dispatched(at=AT)
    actions.sign_assignment(a.pk, actor=person("handler"), now=sh(2026, 11, 23, 15))
    # when the sweep runs after both deadlines, then again
    sweep(now=sh(2026, 11, 30, 8))
    sweep(now=sh(2026, 11, 30, 12))
    sweep(now=sh(2026, 12, 2, 12))
    # then only the answer clock is warned and marked, each once
    assert marks(a) == [EventKind.ANSWER_WARNING, EventKind.ANSWER_OVERDUE]
    overdue = a.events.get(kind=EventKind.ANSWER_OVERDUE)
    assert overdue.at == sh(2026, 11, 30, 12)
    assert overdue.data == {"deadline": ANSWER_DUE.isoformat()}


def test_answered_assignments_are_not_marked():
    _, a = replied(at=AT)
    assert sweep(now=sh(2026, 12, 9, 12)).total == 0
    assert marks(a) == []


def test_many_assignments_at_once():
    # given three tickets, one with an assisting unit
    rows = [
        dispatched(at=AT)[1],
        dispatched(at=AT)[1],
        dispatched(at=AT, assists=["city-urban"])[1],
    ]
    # when
    result = sweep(now=sh(2026, 12, 1, 12))
    # then four assignments are overdue on both clocks; nothing twice
    assert result.counts[EventKind.SIGN_OVERDUE] == 4
    assert result.counts[EventKind.ANSWER_OVERDUE] == 4
    assert sweep(now=sh(2026, 12, 1, 13)).total == 0
    assert Event.objects.filter(kind=EventKind.SIGN_OVERDUE).count() == 4
    assert all(marks(a) == [EventKind.SIGN_OVERDUE, EventKind.ANSWER_OVERDUE] for a in rows)


def test_rehandling_restarts_the_answer_marks():
    # given a ticket whose first answer was overdue, then an unsatisfied callback on Tue 12-01
    ticket, a = dispatched(at=AT)
    actions.sign_assignment(a.pk, actor=person("handler"), now=AT)
    sweep(now=sh(2026, 11, 30, 12))
    reply = actions.submit_reply(
        a.pk, "已处理。", actor=person("handler"), now=sh(2026, 11, 30, 13)
    )
    actions.review_reply(reply.pk, approve=True, actor=person("reviewer"), now=sh(2026, 11, 30, 14))
    actions.review_reply(
        reply.pk, approve=True, actor=person("dispatcher"), now=sh(2026, 11, 30, 14)
    )
    actions.callback_ticket(
        ticket.number, result="unsatisfied", actor=person("operator"), now=sh(2026, 12, 1, 10)
    )
    # when the new clock (due Tue 12-08 10:00) runs out
    sweep(now=sh(2026, 12, 8, 9))
    sweep(now=sh(2026, 12, 8, 11))
    # then the new clock is warned and marked once more (the first sweep came after the first
    # deadline: overdue without a warning)
    assert marks(a) == [
        EventKind.ANSWER_OVERDUE,
        EventKind.ANSWER_WARNING,
        EventKind.ANSWER_OVERDUE,
    ]


def test_overdue_working_days_in_the_api(api):
    # given an assignment signed but never answered; the answer was due Mon 11-30 11:00
    ticket, a = dispatched(at=AT)
    actions.sign_assignment(a.pk, actor=person("handler"), now=AT)
    # when read on Mon 12-07 11:00: Tue–Fri and the rest of Monday 11-30 and Mon 12-07 morning
    with time_machine.travel(sh(2026, 12, 7, 11), tick=False):
        body = api("dispatcher").get(f"/tickets/{ticket.number}").body
    # then five working days late, weekend not counted
    (row,) = body["assignments"]
    assert row["answer_overdue"] is True
    assert row["overdue_working_days"] == 5.0
    with time_machine.travel(sh(2026, 12, 1, 23), tick=False):
        row = api("dispatcher").get(f"/tickets/{ticket.number}").body["assignments"][0]
    assert row["overdue_working_days"] == 1.5
    with time_machine.travel(sh(2026, 11, 30, 10), tick=False):
        row = api("dispatcher").get(f"/tickets/{ticket.number}").body["assignments"][0]
    assert row["answer_overdue"] is False and row["overdue_working_days"] == 0


def test_overdue_filter_of_the_ticket_list(api):
    # given, on Wed 12-02 09:00: one ticket past its answer deadline (signed in time), one not
    # signed by its sign deadline (Tue 12-01 09:00), one signed in time and not yet due, and one
    # answered before its deadline
    late, late_a = dispatched(at=AT)
    actions.sign_assignment(late_a.pk, actor=person("handler"), now=AT)
    unsigned, _ = dispatched(at=sh(2026, 11, 30, 9))
    fresh, fresh_a = dispatched(at=sh(2026, 11, 30, 9))
    actions.sign_assignment(fresh_a.pk, actor=person("handler"), now=sh(2026, 11, 30, 10))
    done, _ = replied(at=AT)
    # when the sweep has run and the list is asked for
    result = sweep(now=sh(2026, 12, 2, 9))
    with time_machine.travel(sh(2026, 12, 2, 9), tick=False):
        overdue = api("dispatcher").get("/tickets?overdue=true")
        not_overdue = api("dispatcher").get("/tickets?overdue=false")
        everything = api("dispatcher").get("/tickets")
    # then overdue on either clock counts
    assert (result.flagged, result.cleared) == (2, 0)
    assert overdue.status == 200
    assert {t["number"] for t in overdue.body["items"]} == {late.number, unsigned.number}
    assert {t["number"] for t in not_overdue.body["items"]} == {fresh.number, done.number}
    assert len(everything.body["items"]) == 4


def test_the_overdue_flag_is_cleared_once_the_work_is_done(api):
    # given a ticket flagged overdue by the sweep (not signed by Tue 12-01 09:00)
    ticket, main = dispatched(at=sh(2026, 11, 30, 9))
    sweep(now=sh(2026, 12, 1, 10))
    ticket.refresh_from_db()
    assert ticket.overdue is True
    # when the unit signs late (answer deadline still ahead) and the sweep runs again
    actions.sign_assignment(main.pk, actor=person("handler"), now=sh(2026, 12, 1, 11))
    result = sweep(now=sh(2026, 12, 1, 12))
    again = sweep(now=sh(2026, 12, 1, 12))
    # then the flag is cleared, once
    ticket.refresh_from_db()
    assert ticket.overdue is False
    assert (result.flagged, result.cleared) == (0, 1)
    assert (again.flagged, again.cleared) == (0, 0)
    with time_machine.travel(sh(2026, 12, 1, 12), tick=False):
        assert api("dispatcher").get("/tickets?overdue=true").body["items"] == []


def test_overdue_filter_is_scoped_to_the_unit(api):
    # given two overdue tickets of different units
    housing, _ = dispatched(at=AT)
    urban, _ = dispatched(at=AT, main="city-urban")
    sweep(now=sh(2026, 12, 2, 9))
    # then each unit finds only its own
    with time_machine.travel(sh(2026, 12, 2, 9), tick=False):
        rows = api("handler").get("/tickets?overdue=true").body["items"]
    assert [t["number"] for t in rows] == [housing.number]


def test_sweep_command_prints_counts():
    # given one assignment overdue on both clocks
    dispatched(at=AT)
    out = io.StringIO()
    # when
    with time_machine.travel(sh(2026, 12, 1, 12), tick=False):
        call_command("sweep", stdout=out)
        call_command("sweep", stdout=(again := io.StringIO()))
    # then
    lines = out.getvalue().splitlines()
    assert "签收超期：1" in lines and "办结超期：1" in lines
    assert "签收预警：0" in lines and "办结预警：0" in lines
    assert "新超期工单：1" in lines and "解除超期工单：0" in lines
    assert lines[-1] == "合计：2"
    assert again.getvalue().splitlines()[-1] == "合计：0"


def test_the_migration_flags_the_history_it_finds_overdue():
    # given a history from before the flag existed: one ticket past its deadlines, one fresh
    from importlib import import_module

    from django.apps import apps

    from jiesu.tickets.models import Ticket

    migration = import_module("jiesu.tickets.migrations.0005_ticket_overdue_flag")
    late, _ = dispatched(at=AT)
    fresh, _ = dispatched(at=sh(2026, 12, 2, 8))
    # when the migration's data step runs on Wed 12-02 09:00
    with time_machine.travel(sh(2026, 12, 2, 9), tick=False):
        migration.flag_overdue_tickets(apps, None)
    # then exactly the late one is flagged, as the sweep would have
    assert set(Ticket.objects.filter(overdue=True).values_list("number", flat=True)) == {
        late.number
    }
    assert sweep(now=sh(2026, 12, 2, 9)).flagged == 0


# --- supervision tasks: escalations, supervisions, leaders' instructions (docs/supervision.md) --

TASK_KINDS = [
    EventKind.ESCALATION_WARNING,
    EventKind.ESCALATION_OVERDUE,
    EventKind.SUPERVISION_WARNING,
    EventKind.SUPERVISION_OVERDUE,
    EventKind.INSTRUCTION_WARNING,
    EventKind.INSTRUCTION_OVERDUE,
]


def task_marks(ticket) -> list[tuple[str, dict]]:
    return [(e.kind, e.data) for e in ticket.events.filter(kind__in=TASK_KINDS).order_by("id")]


def task_counts(result) -> dict[str, int]:
    return {k: n for k, n in result.counts.items() if k in TASK_KINDS and n}


def test_a_supervision_is_warned_at_the_lead_time_and_marked_overdue_once():
    # given a supervision due Wed 11-25 18:00
    from jiesu.supervision.actions import open_supervision

    ticket, _ = dispatched(at=AT)
    s = open_supervision(
        ticket.number,
        reason="督办",
        deadline=sh(2026, 11, 25, 18),
        actor=person("supervisor"),
        now=AT,
    )
    # when the sweep runs before the lead time, at it, again, after the deadline, and again
    before = sweep(now=sh(2026, 11, 25, 13, 59))
    warned = sweep(now=sh(2026, 11, 25, 14))
    again = sweep(now=sh(2026, 11, 25, 15))
    at_deadline = sweep(now=sh(2026, 11, 25, 18))
    late = sweep(now=sh(2026, 11, 25, 18, 1))
    later = sweep(now=sh(2026, 11, 26, 9))
    # then one warning and one overdue mark, by the system, on the ticket
    assert task_counts(before) == {}
    assert task_counts(warned) == {EventKind.SUPERVISION_WARNING: 1}
    assert task_counts(again) == task_counts(at_deadline) == task_counts(later) == {}
    assert task_counts(late) == {EventKind.SUPERVISION_OVERDUE: 1}
    data = {"supervision": s.pk, "deadline": "2026-11-25T18:00:00+08:00"}
    assert task_marks(ticket) == [
        (EventKind.SUPERVISION_WARNING, data),
        (EventKind.SUPERVISION_OVERDUE, data),
    ]
    event = ticket.events.get(kind=EventKind.SUPERVISION_OVERDUE)
    assert (event.actor_name, event.assignment_id, event.at) == (
        "system",
        None,
        sh(2026, 11, 25, 18, 1),
    )
    s.refresh_from_db()
    assert (s.warned_at, s.overdue_at) == (sh(2026, 11, 25, 14), sh(2026, 11, 25, 18, 1))


def test_an_answered_or_closed_supervision_is_not_marked():
    from jiesu.supervision.actions import close_supervision, give_feedback, open_supervision
    from jiesu.supervision.models import Supervision

    # given one supervision answered by the unit and one closed by the desk, both before warning
    answered, _ = dispatched(at=AT)
    closed, _ = dispatched(at=AT)
    a = open_supervision(
        answered.number,
        reason="督办",
        deadline=sh(2026, 11, 25, 18),
        actor=person("supervisor"),
        now=AT,
    )
    c = open_supervision(
        closed.number,
        reason="督办",
        deadline=sh(2026, 11, 25, 18),
        actor=person("supervisor"),
        now=AT,
    )
    give_feedback(
        Supervision, a.pk, feedback="已整改", actor=person("handler"), now=sh(2026, 11, 24, 9)
    )
    close_supervision(c.pk, result="已办结", actor=person("supervisor"), now=sh(2026, 11, 24, 9))
    # when the sweep runs past the deadline
    result = sweep(now=sh(2026, 11, 26, 9))
    # then neither is marked
    assert task_counts(result) == {}
    assert task_marks(answered) == task_marks(closed) == []


def test_an_escalation_is_warned_and_marked_overdue_until_the_leadership_answers():
    from jiesu.supervision.actions import escalate_ticket, give_feedback
    from jiesu.supervision.models import Escalation

    # given an escalation to city-housing's leadership on Mon 11-23 11:00: 5 working days → Mon
    # 11-30 11:00
    ticket, _ = dispatched(at=AT)
    e = escalate_ticket(ticket.number, reason="反复投诉", actor=person("supervisor"), now=AT)
    assert e.deadline == sh(2026, 11, 30, 11)
    # when
    warned = sweep(now=sh(2026, 11, 30, 7))
    late = sweep(now=sh(2026, 11, 30, 11, 1))
    give_feedback(
        Escalation, e.pk, feedback="已协调", actor=person("leader"), now=sh(2026, 11, 30, 12)
    )
    after = sweep(now=sh(2026, 12, 1, 9))
    # then
    assert task_counts(warned) == {EventKind.ESCALATION_WARNING: 1}
    assert task_counts(late) == {EventKind.ESCALATION_OVERDUE: 1}
    assert task_counts(after) == {}
    assert [k for k, _ in task_marks(ticket)] == [
        EventKind.ESCALATION_WARNING,
        EventKind.ESCALATION_OVERDUE,
    ]
    assert task_marks(ticket)[1][1] == {"escalation": e.pk, "deadline": "2026-11-30T11:00:00+08:00"}
    feedback = ticket.events.get(kind=EventKind.ESCALATION_FEEDBACK)
    assert feedback.data["on_time"] is False


def test_an_instruction_is_swept_on_its_feedback_deadline():
    from jiesu.supervision.actions import give_feedback, record_instruction
    from jiesu.supervision.models import Instruction

    # given two instructions recorded Mon 11-23 11:00 (due Mon 11-30 11:00), one answered at once
    ticket, _ = dispatched(at=AT)
    waiting = record_instruction(
        ticket.number, leader="王市长", content="请限期解决。", actor=person("supervisor"), now=AT
    )
    answered = record_instruction(
        ticket.number, leader="李副市长", content="请反馈。", actor=person("supervisor"), now=AT
    )
    give_feedback(Instruction, answered.pk, feedback="已反馈", actor=person("reviewer"), now=AT)
    # when the sweep runs after the deadline, twice
    first = sweep(now=sh(2026, 12, 1, 9))
    second = sweep(now=sh(2026, 12, 1, 10))
    # then only the waiting one is overdue (a late first sweep: no warning), once
    assert task_counts(first) == {EventKind.INSTRUCTION_OVERDUE: 1}
    assert task_counts(second) == {}
    assert task_marks(ticket) == [
        (
            EventKind.INSTRUCTION_OVERDUE,
            {"instruction": waiting.pk, "deadline": "2026-11-30T11:00:00+08:00"},
        )
    ]


def test_sweep_command_prints_the_task_marks():
    from jiesu.supervision.actions import open_supervision

    ticket, _ = dispatched(at=AT)
    open_supervision(
        ticket.number,
        reason="督办",
        deadline=sh(2026, 11, 25, 18),
        actor=person("supervisor"),
        now=AT,
    )
    out = io.StringIO()
    with time_machine.travel(sh(2026, 12, 1, 12), tick=False):
        call_command("sweep", stdout=out)
    lines = out.getvalue().splitlines()
    assert "督办超期：1" in lines and "督办预警：0" in lines
    assert "提级协调反馈超期：0" in lines and "批示件反馈超期：0" in lines
    assert lines[-1] == "合计：3"
