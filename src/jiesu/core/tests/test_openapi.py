"""The OpenAPI document is served and holds every contract path of the foundation."""

from __future__ import annotations

import json

import pytest

CONTRACT = {
    ("post", "/api/v1/tickets"),
    ("get", "/api/v1/tickets"),
    ("get", "/api/v1/tickets/{number}"),
    ("get", "/api/v1/tickets/{number}/events"),
    ("post", "/api/v1/tickets/{number}/answer-online"),
    ("post", "/api/v1/tickets/{number}/dispatch"),
    ("post", "/api/v1/assignments/{assignment_id}/sign"),
    ("post", "/api/v1/assignments/{assignment_id}/reply"),
    ("post", "/api/v1/replies/{reply_id}/review"),
    ("post", "/api/v1/tickets/{number}/callback"),
    ("get", "/api/v1/units"),
    ("get", "/api/v1/categories"),
    ("get", "/api/v1/calendar/add-workdays"),
    # the whole Huangshi closed loop (issue 3)
    ("post", "/api/v1/tickets/{number}/divert"),
    ("post", "/api/v1/tickets/{number}/merge"),
    ("post", "/api/v1/tickets/{number}/escalate"),
    ("post", "/api/v1/tickets/{number}/supervise"),
    ("post", "/api/v1/tickets/{number}/classify"),
    ("post", "/api/v1/tickets/{number}/external-result"),
    ("post", "/api/v1/assignments/{assignment_id}/redispatch"),
    ("post", "/api/v1/assignments/{assignment_id}/return"),
    ("post", "/api/v1/returns/{request_id}/decide"),
    ("post", "/api/v1/returns/{request_id}/leader-review"),
    ("get", "/api/v1/returns"),
    ("post", "/api/v1/assignments/{assignment_id}/extension"),
    ("post", "/api/v1/extensions/{request_id}/decide"),
}

# the body fields each contract action accepts; integrations send exactly these names
CONTRACT_BODIES = {
    ("/api/v1/tickets/{number}/divert", "post"): {"channel", "reason"},
    ("/api/v1/tickets/{number}/merge", "post"): {"into"},
    ("/api/v1/tickets/{number}/escalate", "post"): {"reason"},
    ("/api/v1/tickets/{number}/supervise", "post"): {"reason", "deadline"},
    ("/api/v1/tickets/{number}/classify", "post"): {"dispatch_class", "track"},
    ("/api/v1/tickets/{number}/external-result", "post"): {"channel", "result"},
    ("/api/v1/assignments/{assignment_id}/redispatch", "post"): {"main_unit", "assist_units"},
    ("/api/v1/assignments/{assignment_id}/return", "post"): {
        "findings",
        "policy_basis",
        "suggested_unit",
    },
    ("/api/v1/returns/{request_id}/decide", "post"): {"accept", "reason", "new_main_unit"},
    ("/api/v1/returns/{request_id}/leader-review", "post"): {"approve", "comment"},
    ("/api/v1/assignments/{assignment_id}/extension", "post"): {"working_days", "reason"},
    ("/api/v1/extensions/{request_id}/decide", "post"): {"approve", "reason"},
    ("/api/v1/replies/{reply_id}/review", "post"): {"approve", "comment"},
    ("/api/v1/tickets/{number}/dispatch", "post"): {"main_unit", "assist_units"},
    ("/api/v1/tickets/{number}/callback", "post"): {"result", "comment"},
}


@pytest.fixture
def document(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_every_contract_path_is_documented(document):
    documented = {(method, path) for path, item in document["paths"].items() for method in item}
    assert CONTRACT - documented == set()


def _body_fields(document, path, method) -> set[str]:
    schema = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return set(schema["properties"])


@pytest.mark.parametrize(("path", "method"), sorted(CONTRACT_BODIES), ids=lambda v: str(v))
def test_contract_bodies_keep_their_field_names(document, path, method):
    assert CONTRACT_BODIES[(path, method)] <= _body_fields(document, path, method)


def test_the_document_declares_bearer_auth(document):
    assert document["openapi"].startswith("3.")
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    intake = document["paths"]["/api/v1/tickets"]["post"]
    assert intake["security"]
    assert "201" in intake["responses"]


def test_field_names_are_snake_case(document):
    ticket = document["components"]["schemas"]["TicketOut"]["properties"]
    assert {"number", "status", "created_at", "appeal_type", "assignments"} <= set(ticket)
    assignment = document["components"]["schemas"]["AssignmentOut"]["properties"]
    assert {
        "id",
        "unit",
        "role",
        "status",
        "sign_deadline",
        "answer_deadline",
        "overdue_working_days",
    } <= set(assignment)
    for schema in document["components"]["schemas"].values():
        for name in schema.get("properties", {}):
            assert name == name.lower() and "-" not in name, name


def test_an_unexpected_failure_is_a_json_500_with_a_stable_code(rf, caplog):
    # the API's last-resort handler, called as Ninja calls it for an exception nothing else took
    from jiesu.api import _server_error

    request = rf.post("/api/v1/tickets")
    with caplog.at_level("ERROR", logger="jiesu.api"):
        response = _server_error(request, RuntimeError("boom"))
    assert response.status_code == 500
    body = json.loads(response.content)
    assert body["code"] == "server_error" and "服务器内部错误" in body["message"]
    assert "boom" not in response.content.decode()  # no internals leak to the caller
    assert any("unhandled error in POST /api/v1/tickets" in r.getMessage() for r in caplog.records)


# --- errors and limits are declared (core/openapi.py) -----------------------------------------


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_declares_its_error_responses_with_the_error_schema(document):
    error = document["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message"}
    for path, method, operation in _operations(document):
        responses = operation["responses"]
        expected = {"401", "403", "404", "422", "500"}
        if "requestBody" in operation:
            expected |= {"400", "413", "415"}
        if method != "get":
            expected.add("409")
        assert expected <= set(map(str, responses)), (method, path, sorted(map(str, responses)))
        for status in expected:
            schema = responses.get(status, responses.get(int(status)))["content"][
                "application/json"
            ]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def _param(document, path, name):
    [parameter] = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name]
    schema = parameter["schema"]
    return next((s for s in schema.get("anyOf", []) if s.get("type") != "null"), schema)


def test_the_limits_the_api_enforces_are_declared(document):
    from jiesu.core.paging import MAX_PAGE
    from jiesu.tickets.choices import AppealType, Channel, TicketStatus

    # paging
    for path in ("/api/v1/tickets", "/api/v1/supervisions", "/api/v1/reports/hotspots"):
        page = _param(document, path, "page")
        assert (page["minimum"], page["maximum"]) == (1, MAX_PAGE), path
    # enumerated values
    assert _param(document, "/api/v1/tickets", "status")["enum"] == list(TicketStatus.values)
    intake = document["components"]["schemas"]["TicketIn"]["properties"]
    assert intake["channel"]["enum"] == list(Channel.values)
    assert intake["appeal_type"]["enum"] == list(AppealType.values)
    # text lengths
    assert intake["subject"]["maxLength"] == 200 and intake["content"]["maxLength"] == 20000
    # years of dates
    start = _param(document, "/api/v1/calendar/add-workdays", "start")
    assert "2000" in start["description"] and "2100" in start["description"]
    assert start["pattern"] == "^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}"
    deadline = document["components"]["schemas"]["SuperviseIn"]["properties"]["deadline"]
    assert deadline["pattern"] == start["pattern"]


@pytest.mark.parametrize(
    ("low", "high", "inside", "outside"),
    [
        (
            2000,
            2100,
            ["2000-01-01", "2057-06-30", "2100-12-31"],
            ["1999-12-31", "2101-01-01", "9999-12-31"],
        ),
        (1995, 2005, ["1995-01-01", "2005-01-01"], ["1994-01-01", "2006-01-01"]),
    ],
)
def test_the_year_pattern_matches_exactly_the_accepted_years(low, high, inside, outside):
    import re

    from jiesu.core.openapi import year_pattern

    pattern = re.compile(year_pattern(low, high))
    assert all(pattern.match(d) for d in inside)
    assert not any(pattern.match(d) for d in outside)


def test_declared_limits_match_what_the_api_refuses(api):
    # a subject one over its declared length, and a status outside the declared list, are refused
    from jiesu.api import api as ninja_api

    document = ninja_api.get_openapi_schema()
    limit = document["components"]["schemas"]["TicketIn"]["properties"]["subject"]["maxLength"]
    body = {
        "channel": "phone",
        "caller": {"name": "张三", "phone": "13800138000"},
        "subject": "灯" * (limit + 1),
        "content": "楼道灯坏了",
        "appeal_type": "complaint",
        "region": "huangshi",
    }
    response = api("operator").post("/tickets", body)
    assert (response.status, response.body["code"]) == (422, "field_too_long")
    body["subject"] = "灯" * limit
    assert api("operator").post("/tickets", body).status == 201
    assert api("operator").get("/tickets?status=nonsense").body["code"] == "invalid_status"
