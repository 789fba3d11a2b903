"""The OpenAPI document is served and holds every contract path of the foundation."""

from __future__ import annotations

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
