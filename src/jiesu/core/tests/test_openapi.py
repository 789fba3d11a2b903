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
