"""Open311 GeoReport v2 at /open311/v2/, checked against the specification's own shapes: the
field names and values of each document, JSON and XML, the error format, api_key, paging and
the servicerequestupdates extension."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
import time_machine
from django.test import Client

from jiesu.integrations.models import Call, Open311Request
from jiesu.testing.builders import answer, integration_key, make_ticket, person, sh, staff_token
from jiesu.tickets import actions
from jiesu.tickets.models import Ticket

pytestmark = pytest.mark.usefixtures("city")

BASE = "/open311/v2"
SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
NOW = sh(2026, 11, 24, 9)


def get(path: str, **params):
    return Client().get(BASE + path, params)


def post(key: str | None = None, **params):
    body = {
        "service_code": "urban-property",
        "lat": "30.2010",
        "long": "115.0380",
        "address_string": "黄石港区花湖小区3栋",
        "description": "楼道灯坏了三个月，物业一直不修。",
        "first_name": "女士",
        "last_name": "王",
        "phone": "13900001111",
        "email": "wang@example.cn",
        "media_url": "https://img.example.cn/1.jpg",
        "attribute[appeal_type]": "complaint",
    }
    if key is not None:
        body["api_key"] = key
    body.update({k: v for k, v in params.items() if v is not None})
    for k in [k for k, v in params.items() if v is None]:
        body.pop(k, None)
    return Client().post(BASE + "/requests.json", body)


def xml(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def error_of(response) -> tuple[int, str]:
    body = response.json()
    assert isinstance(body, list) and set(body[0]) == {"code", "description"}
    assert body[0]["code"] == response.status_code
    return response.status_code, body[0]["description"]


def test_discovery_names_the_endpoint_and_its_formats():
    doc = get("/discovery.json").json()
    assert set(doc) == {"changeset", "contact", "key_service", "endpoints"}
    (endpoint,) = doc["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = xml(get("/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == [
        "text/xml",
        "application/json",
    ]


def test_services_come_from_the_dispatch_catalogue_in_json_and_xml():
    services = get("/services.json").json()
    assert all(set(s) == SERVICE_FIELDS for s in services)
    water = next(s for s in services if s["service_code"] == "utility-water")
    assert water == {
        "service_code": "utility-water",
        "service_name": "停水及供水故障",
        "description": "水电气保障：停水及供水故障",
        "metadata": True,
        "type": "realtime",
        "keywords": "水电气保障,停水及供水故障",
        "group": "水电气保障",
    }
    assert "urban" not in {s["service_code"] for s in services}  # industries are groups
    # the same as XML (the default format), Chinese intact, booleans as true/false
    raw = get("/services")
    root = xml(raw)
    assert "停水及供水故障".encode() in raw.content
    first = root.find("service")
    assert [child.tag for child in first] == list(services[0])
    assert first.findtext("metadata") == "true"
    assert len(root) == len(services)
    assert get("/services", format="json").json() == services


def test_a_service_definition_lists_its_attributes_and_values():
    doc = get("/services/urban-property.json").json()
    assert doc["service_code"] == "urban-property"
    codes = [a["code"] for a in doc["attributes"]]
    assert codes == ["appeal_type", "region", "subject"]
    appeal = doc["attributes"][0]
    assert set(appeal) == {
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    }
    assert {"key": "complaint", "name": "投诉"} in appeal["values"]
    root = xml(get("/services/urban-property.xml"))
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key").text == "consult_general"
    # an unknown service is a 404 in the error format, in both formats
    assert error_of(get("/services/nothing.json"))[0] == 404
    err = xml(get("/services/nothing.xml"))
    assert (err.tag, err.find("error/code").text) == ("errors", "404")


def test_post_a_request_with_a_key_takes_it_in_as_a_ticket():
    key = integration_key()
    response = post(key)
    assert response.status_code == 201
    (row,) = response.json()
    assert set(row) == {"service_request_id", "token", "service_notice", "account_id"}
    ticket = Ticket.objects.get(number=row["service_request_id"])
    assert (ticket.channel, ticket.category.code, ticket.appeal_type) == (
        "open311",
        "urban-property",
        "complaint",
    )
    assert (ticket.caller_name, ticket.caller_phone, ticket.lat) == (
        "王女士",
        "13900001111",
        30.201,
    )
    assert ticket.created_by.username == "integration-城市APP"
    assert ticket.events.get(kind="intake").actor_role == "caller"
    assert ticket.query_code in row["service_notice"]
    extra = Open311Request.objects.get(ticket=ticket)
    assert (extra.media_url, extra.email, extra.token) == (
        "https://img.example.cn/1.jpg",
        "wang@example.cn",
        row["token"],
    )


def test_a_users_token_is_an_api_key_too():
    response = post(staff_token("operator"))
    assert response.status_code == 201
    ticket = Ticket.objects.get(number=response.json()[0]["service_request_id"])
    assert ticket.intake_unit.code == "city-platform"


@pytest.mark.parametrize(
    ("over", "status", "words"),
    [
        ({"api_key": None}, 403, "接入密钥"),
        ({"api_key": "js_not-a-key"}, 403, "接入密钥"),
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "nothing"}, 400, "service_code"),
        ({"lat": None, "long": None, "address_string": None}, 400, "位置"),
        ({"lat": "north"}, 400, "lat"),
        ({"lat": "91"}, 400, "lat"),
        ({"long": None}, 400, "lat 和 long"),
        ({"attribute[colour]": "red"}, 400, "colour"),
        ({"attribute[appeal_type]": "gossip"}, 400, "诉求类型"),
        ({"description": ""}, 400, "description"),
        ({"phone": "12"}, 400, "联系电话"),
        ({"email": "not-an-address"}, 400, "email"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({"description": "坏\x07字"}, 400, "不允许的字符"),
        ({"attribute[region]": "atlantis"}, 400, "区域"),
    ],
)
def test_bad_posts_get_an_open311_error_and_write_nothing(over, status, words):
    key = integration_key()
    params = dict(over)
    response = post(params.pop("api_key"), **params) if "api_key" in params else post(key, **params)
    code, description = error_of(response)
    assert code == status
    assert words in description
    assert not Ticket.objects.exists()


def test_a_key_without_the_submit_scope_is_refused():
    key = integration_key(scopes=("read_own",))
    code, description = error_of(post(key))
    assert code == 403 and "提交诉求" in description
    assert not Ticket.objects.exists()


def test_follow_a_request_and_read_the_answer():
    key = integration_key()
    number = post(key).json()[0]["service_request_id"]
    (row,) = get(f"/requests/{number}.json", api_key=key).json()
    assert set(row) == REQUEST_FIELDS
    assert (row["status"], row["status_notes"]) == ("open", "已受理")
    assert row["requested_datetime"].endswith("+08:00")
    # when the hotline dispatches it and the unit's reply is approved
    ticket = Ticket.objects.get(number=number)
    actions.dispatch_ticket(number, main_unit="city-housing", actor=person("dispatcher"))
    (row,) = get(f"/requests/{number}.json", api_key=key).json()
    assert row["agency_responsible"] == "市住房和城乡建设局"
    assert row["status_notes"] == "已派单：市住房和城乡建设局办理中"
    assert row["expected_datetime"]
    answer(ticket, "已督促物业公司更换楼道灯，现已恢复照明。")
    (row,) = get(f"/requests/{number}.json", api_key=key).json()
    assert row["status"] == "open"
    assert row["status_notes"] == "已答复。答复：已督促物业公司更换楼道灯，现已恢复照明。"
    # and once called back satisfied it is closed
    actions.callback_ticket(number, result="satisfied", actor=person("operator"))
    root = xml(get(f"/requests/{number}.xml", api_key=key))
    assert root.tag == "service_requests"
    assert root.find("request/status").text == "closed"
    assert "恢复照明" in root.find("request/status_notes").text
    # the token leads to the same request
    token = Open311Request.objects.get(ticket=ticket).token
    assert get(f"/tokens/{token}.json", api_key=key).json() == [
        {"service_request_id": number, "token": token}
    ]


def test_a_key_reads_its_own_and_a_reader_without_key_reads_no_personal_data():
    mine, theirs = integration_key("甲"), integration_key("乙")
    number = post(mine).json()[0]["service_request_id"]
    assert error_of(get(f"/requests/{number}.json", api_key=theirs))[0] == 404
    assert get("/requests.json", api_key=theirs).json() == []
    (public,) = get(f"/requests/{number}.json").json()
    assert public["status"] == "open"
    for field in ("description", "address", "lat", "long", "media_url"):
        assert public[field] is None
    # a ticket taken by phone is not an Open311 request for an anonymous reader
    phone = actions.intake_ticket(
        actions.IntakeData(
            channel="phone",
            subject="噪声",
            content="夜间施工噪声",
            appeal_type="complaint",
            caller_phone="13800138000",
        ),
        actor=person("operator"),
    )
    assert error_of(get(f"/requests/{phone.number}.json"))[0] == 404


def test_list_filters_and_pages():
    key = integration_key()
    with time_machine.travel(NOW, tick=False):
        numbers = [post(key).json()[0]["service_request_id"] for _ in range(3)]
        water = post(key, service_code="utility-water").json()[0]["service_request_id"]
        listed = get("/requests.json", api_key=key).json()
        assert [r["service_request_id"] for r in listed] == [water, *reversed(numbers)]
        only = get("/requests.json", api_key=key, service_code="utility-water").json()
        assert [r["service_request_id"] for r in only] == [water]
        assert get("/requests.json", api_key=key, status="closed").json() == []
        assert len(get("/requests.json", api_key=key, status="open,closed").json()) == 4
        ids = f"{numbers[0]},{numbers[2]}"
        by_id = get("/requests.json", api_key=key, service_request_id=ids).json()
        assert {r["service_request_id"] for r in by_id} == {numbers[0], numbers[2]}
        page2 = get("/requests.json", api_key=key, page="2", page_size="3").json()
        assert [r["service_request_id"] for r in page2] == [numbers[0]]
        # the window is the last 90 days, and no wider
        old = get("/requests.json", api_key=key, end_date="2026-08-01T00:00:00+08:00").json()
        assert old == []
        wide = get(
            "/requests.json",
            api_key=key,
            start_date="2026-01-01T00:00:00Z",
            end_date="2026-11-30T00:00:00Z",
        )
        assert error_of(wide) == (400, "start_date 到 end_date 不能超过 90 天。")
        assert error_of(get("/requests.json", api_key=key, status="pending"))[0] == 400
        assert error_of(get("/requests.json", api_key=key, start_date="yesterday"))[0] == 400
        assert error_of(get("/requests.json", api_key=key, page_size="5000"))[0] == 400


def test_service_request_updates_tell_each_public_step():
    key = integration_key()
    number = post(key).json()[0]["service_request_id"]
    ticket = Ticket.objects.get(number=number)
    actions.dispatch_ticket(number, main_unit="city-housing", actor=person("dispatcher"))
    answer(ticket, "已恢复照明。")
    rows = get("/servicerequestupdates.json", api_key=key).json()
    assert [r["description"] for r in rows] == ["受理", "派单", "工单已答复：已恢复照明。"]
    assert set(rows[0]) == {
        "update_id",
        "service_request_id",
        "status",
        "updated_datetime",
        "description",
        "media_url",
    }
    root = xml(get("/servicerequestupdates.xml", api_key=key))
    assert root.tag == "service_requests_updates"
    assert [u.findtext("status") for u in root.findall("request_update")] == ["open"] * 3
    # without a key: the steps of Open311 requests, without the answer
    public = get("/servicerequestupdates.json").json()
    assert public[-1]["description"] == "工单已答复"


def test_rate_limit_per_key_and_every_call_audited():
    key = integration_key(per_minute=2)
    assert get("/requests.json", api_key=key).status_code == 200
    assert get("/requests.json", api_key=key).status_code == 200
    code, description = error_of(get("/requests.json", api_key=key))
    assert code == 429 and "每分钟最多 2 次" in description
    get("/services.json")
    get("/requests.json", api_key="wrong")
    calls = list(Call.objects.order_by("id").values_list("key__name", "status", "path"))
    assert calls == [
        ("城市APP", 200, "/open311/v2/requests.json"),
        ("城市APP", 200, "/open311/v2/requests.json"),
        ("城市APP", 429, "/open311/v2/requests.json"),
        (None, 200, "/open311/v2/services.json"),
        (None, 403, "/open311/v2/requests.json"),
    ]


def test_unknown_paths_methods_and_formats_answer_in_the_error_format():
    assert error_of(get("/nothing.json"))[0] == 404
    assert error_of(Client().delete(BASE + "/services.json"))[0] == 405
    assert error_of(get("/services.json", format="csv"))[0] == 400
    body = json.loads(get("/services.json").content.decode())
    assert body  # valid JSON, Chinese not escaped
    assert "\\u" not in get("/services.json").content.decode()


def test_a_page_of_requests_costs_the_same_queries_whatever_its_size(django_assert_num_queries):
    # a frozen clock: the token's last use is not re-stamped however slow the machine is
    with time_machine.travel(NOW, tick=False):
        key = staff_token("operator")
        for _ in range(3):
            post(key)
        # the key (none), the token, the caller's membership, unit and region, the rate count,
        # tickets, main units, last steps, the audit
        with django_assert_num_queries(10):
            assert len(get("/requests.json", api_key=key).json()) == 3
        for _ in range(5):
            post(key)
        with django_assert_num_queries(10):
            assert len(get("/requests.json", api_key=key).json()) == 8


def test_the_default_page_is_50_and_a_client_may_ask_for_up_to_1000():
    # given 51 requests the operator may read
    with time_machine.travel(NOW, tick=False):
        key = staff_token("operator")
        for _ in range(51):
            make_ticket()
        # when / then: the server's default page (decision 0080), then a bigger one
        assert len(get("/requests.json", api_key=key).json()) == 50
        assert len(get("/requests.json", api_key=key, page="2").json()) == 1
        assert len(get("/requests.json", api_key=key, page_size="1000").json()) == 51
        assert error_of(get("/requests.json", api_key=key, page_size="1001"))[0] == 400
