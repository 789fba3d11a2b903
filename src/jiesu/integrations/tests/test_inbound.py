"""Inbound tickets from other systems: idempotent on their own id, scoped keys, audited."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jiesu.integrations import inbound
from jiesu.integrations.models import Call, InboundTicket
from jiesu.testing.builders import integration_key, staff_token
from jiesu.tickets.models import Ticket

pytestmark = pytest.mark.usefixtures("city")

URL = "/api/v1/inbound/tickets"


def hand_over(key: str | None, **over):
    body = {
        "channel": "police110",
        "external_id": "110-20261202-0042",
        "subject": "老人走失求助",
        "content": "110接警：一位老人在花湖公园走失，家属请求协助寻找（非警务求助转12345）。",
        "appeal_type": "help",
        "caller": {"name": "110指挥中心", "phone": "110"},
        "region": "huangshi",
        "address": "黄石港区花湖公园",
    }
    body.update(over)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    response = Client().post(URL, json.dumps(body), content_type="application/json", **headers)
    return response.status_code, response.json()


def key_110(**over) -> str:
    return integration_key("110指挥中心", ("submit", "read_own"), source="police110", **over)


def test_a_110_hand_over_becomes_one_ticket_however_often_it_is_sent():
    key = key_110()
    status, first = hand_over(key)
    assert status == 201 and first["created"] is True
    ticket = Ticket.objects.get(number=first["number"])
    assert (ticket.channel, ticket.caller_phone, ticket.appeal_type) == ("police110", "110", "help")
    assert ticket.created_by.username == "integration-110指挥中心"
    # the same hand-over again (a retry, or a resend with a changed text)
    status, again = hand_over(key, content="重复推送")
    assert status == 200 and again["created"] is False
    assert again["number"] == first["number"]
    assert Ticket.objects.count() == 1 and InboundTicket.objects.count() == 1
    # another id is another ticket
    status, other = hand_over(key, external_id="110-20261202-0043")
    assert status == 201 and other["number"] != first["number"]


def test_a_provincial_transfer_comes_in_on_its_own_channel():
    key = integration_key("省12345平台", ("submit",), source="province")
    status, body = hand_over(key, channel="province", external_id="HB-2026-778899")
    assert status == 201
    assert Ticket.objects.get(number=body["number"]).get_channel_display() == "省级平台转办"


def test_a_race_on_the_same_id_reads_the_winners_ticket(monkeypatch):
    key = key_110()
    status, first = hand_over(key)
    # given a sender that did not see the first ticket before inserting its own
    real, seen = inbound._known, []

    def late(*args):
        seen.append(args)
        return None if len(seen) == 1 else real(*args)

    monkeypatch.setattr(inbound, "_known", late)
    status, second = hand_over(key)
    assert len(seen) == 2  # looked, missed, inserted, collided, read the winner's
    assert (status, second["number"]) == (200, first["number"])
    assert Ticket.objects.count() == 1


def test_a_key_speaks_only_for_its_own_source_and_scopes():
    key = key_110()
    status, body = hand_over(key, channel="province")
    assert (status, body["code"]) == (403, "wrong_source")
    reader = integration_key("只读", ("read_own",), source="police110")
    status, body = hand_over(reader)
    assert (status, body["code"]) == (403, "scope_not_granted")
    status, body = hand_over(None)
    assert (status, body["code"]) == (401, "invalid_api_key")
    assert not Ticket.objects.exists()
    assert list(Call.objects.order_by("id").values_list("status", flat=True)) == [403, 403, 401]


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"external_id": ""}, "validation_error"),
        ({"external_id": "  "}, "invalid_external_id"),
        ({"channel": "phone"}, "invalid_source"),
        ({"appeal_type": "gossip"}, "invalid_appeal_type"),
        ({"caller": {"phone": "abc"}}, "invalid_phone"),
        ({"region": "atlantis"}, "unknown_region"),
        ({"surprise": 1}, "validation_error"),
    ],
)
def test_bad_inbound_tickets_are_refused_and_nothing_is_written(over, code):
    status, body = hand_over(key_110(), **over)
    assert status in (403, 422) and body["code"] == code
    assert not Ticket.objects.exists() and not InboundTicket.objects.exists()


def test_the_sender_reads_the_status_by_its_own_id():
    key = key_110()
    _, first = hand_over(key)
    client = Client()
    path = f"{URL}/police110/110-20261202-0042"
    body = client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert (body["number"], body["status_label"]) == (first["number"], "已受理")
    other = integration_key("另一个系统", ("read_own",), source="police110")
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {other}")
    assert (response.status_code, response.json()["code"]) == (404, "inbound_not_found")


def test_a_platform_users_token_may_hand_over_any_source():
    status, body = hand_over(staff_token("operator"), channel="province", external_id="HB-1")
    assert status == 201
    assert Ticket.objects.get(number=body["number"]).intake_unit.code == "city-platform"
