"""R18/R19: leaders' instructions (批示件) and transfer of misconduct clues (线索移交)."""

from __future__ import annotations

import pytest

from jiesu.supervision.models import ClueTransfer, Instruction
from jiesu.testing.builders import dispatched, event_count, last_event


def test_a_leaders_instruction_is_recorded_on_the_ticket(api):
    # given
    ticket = dispatched()
    # when
    response = api("supervisor").post(
        f"/tickets/{ticket.number}/instructions",
        {"leader": "王市长", "content": "请市住建局限期解决并反馈。"},
    )
    # then
    assert response.status == 201, response.body
    instruction = Instruction.objects.get(ticket=ticket)
    assert (instruction.leader, instruction.content) == ("王市长", "请市住建局限期解决并反馈。")
    event = last_event(ticket.number, "instruction")
    assert event.data == {
        "instruction": instruction.pk,
        "leader": "王市长",
        "content": "请市住建局限期解决并反馈。",
        "unit": "city-housing",
        "deadline": "2025-06-30T09:00:00+08:00",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"leader": "", "content": "请办理"}, "leader"),
        ({"leader": "王市长", "content": "  "}, "content"),
    ],
)
def test_an_instruction_needs_a_leader_and_content(api, body, field):
    # given
    ticket = dispatched()
    before = event_count(ticket.number)
    # when
    response = api("supervisor").post(f"/tickets/{ticket.number}/instructions", body)
    # then
    assert response.status == 422
    assert (response.body["code"], response.body["field"]) == ("empty_field", field)
    assert event_count(ticket.number) == before
    assert not Instruction.objects.exists()


def test_a_clue_goes_to_discipline_inspection_without_its_content_in_the_event_log(api):
    # given
    ticket = dispatched()
    # when
    response = api("supervisor").post(
        f"/tickets/{ticket.number}/clues",
        {"unit": "city-housing", "content": "承办人多次推诿，敷衍塞责。"},
    )
    # then
    assert response.status == 201, response.body
    clue = ClueTransfer.objects.get(ticket=ticket)
    assert (clue.unit.code, clue.content) == ("city-housing", "承办人多次推诿，敷衍塞责。")
    assert last_event(ticket.number, "clue_transferred").data == {"clue": clue.pk}
    seen_by_unit = api("handler").get(f"/tickets/{ticket.number}/events").body
    assert "推诿" not in str(seen_by_unit)


def test_the_clue_transfer_is_hidden_from_the_units_event_log(api):
    # given: a clue about 市住建局 on a ticket it is handling
    ticket = dispatched()
    api("supervisor").post(
        f"/tickets/{ticket.number}/clues",
        {"unit": "city-housing", "content": "承办人多次推诿，敷衍塞责。"},
    )
    # when: everyone who can see the ticket reads its event log
    logs = {
        who: api(who).get(f"/tickets/{ticket.number}/events")
        for who in ("handler", "reviewer", "leader", "dispatcher", "operator", "supervisor")
    }
    # then: the unit's people do not see the transfer at all (R19); the platform and the
    # supervisors do; everything else is the same for all
    for who, response in logs.items():
        assert response.status == 200, (who, response.body)
    seen = {who: [e["kind"] for e in response.body] for who, response in logs.items()}
    for who in ("handler", "reviewer", "leader"):
        assert "clue_transferred" not in seen[who], who
    for who in ("dispatcher", "operator", "supervisor"):
        assert seen[who][-1] == "clue_transferred", who
        assert seen[who][:-1] == seen["handler"], who


def test_a_clue_names_a_known_unit(api):
    # given
    ticket = dispatched()
    before = event_count(ticket.number)
    # when
    response = api("supervisor").post(
        f"/tickets/{ticket.number}/clues", {"unit": "no-such-unit", "content": "线索"}
    )
    # then
    assert (response.status, response.body["code"]) == (422, "unknown_unit")
    assert event_count(ticket.number) == before
    assert not ClueTransfer.objects.exists()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("instructions", {"leader": "王市长", "content": "内容"}),
        ("clues", {"unit": "city-housing", "content": "内容"}),
    ],
)
def test_the_unit_concerned_cannot_write_supervision_records(api, path, body):
    # given: a well-formed body (request bodies are strict: unknown fields are 422)
    ticket = dispatched()
    before = event_count(ticket.number)
    # when
    response = api("handler").post(f"/tickets/{ticket.number}/{path}", body)
    # then
    assert (response.status, response.body["code"]) == (403, "forbidden")
    assert event_count(ticket.number) == before
