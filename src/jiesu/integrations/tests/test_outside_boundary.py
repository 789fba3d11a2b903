"""Every outside input meets the API's boundary (issue 11, quality): the portal form, an Open311
POST, an inbound ticket and a channel's result, each sent empty, 30 000 characters long, with
wrong types, as broken JSON and with the wrong content type, get a clear refusal (a 4xx with a
Chinese message, and a stable code where the API gives one), never a 500, and write nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jiesu.diversion.models import Diversion
from jiesu.integrations.actions import create_key
from jiesu.integrations.models import InboundTicket, Open311Request
from jiesu.testing.builders import answer, integration_key, make_ticket, person, portal_form
from jiesu.tickets.actions import dispatch_ticket
from jiesu.tickets.models import Callback, Event, Ticket

pytestmark = pytest.mark.usefixtures("city")

LONG = "长" * 30_000
CHINESE = tuple(chr(c) for c in range(0x4E00, 0xA000))


def chinese(text: str) -> bool:
    return any(ch in CHINESE for ch in text)


def written() -> tuple[int, ...]:
    counts = (Ticket, Event, InboundTicket, Open311Request)
    return tuple(model.objects.count() for model in counts)


# --- the portal form -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "over",
    [
        {"content": ""},
        {"content": LONG},
        {"address": LONG},
        {"caller_name": LONG},
        {"lat": "north", "lon": "east"},
        {"lat": "1e400", "lon": "115"},
        {"region": "atlantis"},
        {"challenge": LONG},
    ],
    ids=lambda over: ",".join(f"{k}={str(v)[:12]}" for k, v in over.items()),
)
def test_the_portal_form_refuses_in_place(over):
    client = Client()
    before = written()
    response = client.post("/portal/", portal_form(client, **over))
    assert response.status_code == 200
    assert 'class="err"' in response.content.decode() or "msg error" in response.content.decode()
    assert written() == before


def test_the_portal_refuses_a_json_body_and_an_empty_post():
    client = Client()
    before = written()
    as_json = client.post("/portal/", json.dumps({"content": "x"}), content_type="application/json")
    empty = client.post("/portal/", {})
    assert (as_json.status_code, empty.status_code) == (200, 200)
    assert written() == before


@pytest.mark.parametrize(
    "form",
    [
        {"number": "", "code": ""},
        {"number": LONG, "code": "123456"},
        {"number": "20261202-000001", "code": LONG},
        {"number": "坏\x00字", "code": "\x07"},
    ],
    ids=["empty", "long-number", "long-code", "control-characters"],
)
def test_following_refuses_in_place(form):
    response = Client().post("/portal/follow/", form)
    assert response.status_code == 200
    assert chinese(response.content.decode())
    assert 'class="err"' in response.content.decode() or "msg error" in response.content.decode()


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"result": "delighted"},
        {"result": "unsatisfied", "comment": LONG},
        {"result": ["satisfied", "unsatisfied"], "comment": ""},
        {"result": "satisfied", "comment": "坏\x00字"},
    ],
    ids=["empty", "unknown-result", "long-comment", "two-results", "nul"],
)
def test_rating_refuses_and_writes_no_callback(form):
    client = Client()
    client.post("/portal/", portal_form(client))
    ticket = Ticket.objects.get()
    dispatch_ticket(ticket.number, main_unit="city-housing", actor=person("dispatcher"))
    answer(ticket)
    client.post("/portal/follow/", {"number": ticket.number, "code": ticket.query_code})
    before = written()
    response = client.post(f"/portal/t/{ticket.number}/rate/", form)
    assert response.status_code in (200, 302, 400)
    assert written() == before
    assert not Callback.objects.exists()


# --- Open311 POST requests -----------------------------------------------------------------

OPEN311 = "/open311/v2/requests.json"


def open311_body(key: str, **over) -> dict:
    body = {
        "api_key": key,
        "service_code": "urban-property",
        "address_string": "黄石港区花湖小区3栋",
        "description": "楼道灯坏了三个月，物业一直不修。",
        "phone": "13900001111",
    }
    body.update(over)
    return body


@pytest.mark.parametrize(
    "over",
    [
        {"description": LONG},
        {"address_string": LONG},
        {"first_name": LONG},
        {"service_code": LONG},
        {"lat": "1e400", "long": "115"},
        {"address_id": LONG},
        {"media_url": "https://img.example.cn/" + "a" * 30_000},
        {"device_id": LONG},
    ],
    ids=lambda over: ",".join(f"{k}={str(v)[:12]}" for k, v in over.items()),
)
def test_open311_post_refuses_with_its_error_document(over):
    key = integration_key()
    before = written()
    response = Client().post(OPEN311, open311_body(key, **over))
    assert response.status_code == 400, response.content[:300]
    [error] = response.json()
    assert error["code"] == 400 and chinese(error["description"])
    assert written() == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("", "application/x-www-form-urlencoded"),
        ('{"service_code": "urban-property", "description": "坏了"}', "application/json"),
        ("{not json", "application/json"),
        ("<service_request/>", "text/xml"),
        ("\x00\x01\x02", "application/octet-stream"),
    ],
)
def test_open311_post_refuses_what_is_not_a_form(body, content_type):
    key = integration_key()
    before = written()
    response = Client().post(f"{OPEN311}?api_key={key}", body, content_type=content_type)
    assert response.status_code == 400, response.content[:300]
    [error] = response.json()
    assert chinese(error["description"])
    assert written() == before


# --- inbound tickets -----------------------------------------------------------------------

INBOUND = "/api/v1/inbound/tickets"
HAND_OVER = {
    "channel": "police110",
    "external_id": "110-20261202-0042",
    "subject": "老人走失求助",
    "content": "110接警：一位老人在花湖公园走失，家属请求协助寻找。",
    "appeal_type": "help",
    "caller": {"name": "110指挥中心", "phone": "110"},
    "region": "huangshi",
}


def refused_by_the_api(response) -> str:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    body = response.json()
    assert chinese(body["message"]), body
    return body["code"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {**HAND_OVER, "content": LONG},
        {**HAND_OVER, "subject": LONG},
        {**HAND_OVER, "external_id": LONG},
        {**HAND_OVER, "external_id": ""},
        {**HAND_OVER, "content": 42},
        {**HAND_OVER, "caller": "110"},
        {**HAND_OVER, "caller": {"name": "x", "phone": ["110"]}},
        {**HAND_OVER, "appeal_type": "gossip"},
        {**HAND_OVER, "extra": "field"},
        [HAND_OVER],
        "a string",
        None,
    ],
    ids=lambda b: json.dumps(b, ensure_ascii=False)[:30],
)
def test_an_inbound_ticket_is_refused_with_a_code(body):
    key = integration_key(source="police110")
    before = written()
    response = Client().post(
        INBOUND,
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert refused_by_the_api(response)
    assert written() == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("", "application/json"),
        ("{not json", "application/json"),
        (json.dumps(HAND_OVER)[:-1], "application/json"),
        ("channel=police110&external_id=1", "application/x-www-form-urlencoded"),
        ("<ticket/>", "text/xml"),
        (b"\xff\xfe\x00", "application/json"),
    ],
)
def test_an_inbound_ticket_that_is_not_json_is_refused(body, content_type):
    key = integration_key(source="police110")
    before = written()
    response = Client().post(
        INBOUND, body, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert refused_by_the_api(response)
    assert written() == before


# --- a channel's result --------------------------------------------------------------------


@pytest.fixture
def diverted(api):
    ticket = make_ticket(subject="举报某局干部收受礼金")
    response = api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": "jw12388", "reason": "不属于12345受理范围"}
    )
    assert response.status == 201, response.body
    _, raw = create_key("纪检监察12388", scopes=["report_results"], channel="jw12388")
    return response.body["id"], raw


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{}", "application/json"),
        (json.dumps({"result": ""}), "application/json"),
        (json.dumps({"result": LONG}), "application/json"),
        (json.dumps({"result": 42}), "application/json"),
        (json.dumps({"result": ["已处理"]}), "application/json"),
        (json.dumps({"result": "已处理", "extra": 1}), "application/json"),
        (json.dumps(["已处理"]), "application/json"),
        ("{not json", "application/json"),
        ("", "application/json"),
        ("result=已处理", "application/x-www-form-urlencoded"),
        ("<result/>", "text/xml"),
    ],
)
def test_a_channel_result_is_refused_with_a_code(diverted, body, content_type):
    diversion_id, raw = diverted
    before = (*written(), Diversion.objects.filter(result="").count())
    response = Client().post(
        f"/api/v1/diversions/{diversion_id}/result",
        body,
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert refused_by_the_api(response)
    assert (*written(), Diversion.objects.filter(result="").count()) == before
