"""Errors under /api/ are JSON even where no endpoint runs: bodies over the limit, unknown paths,
wrong methods."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.organisation.auth import create_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth():
    user = get_user_model().objects.create_user("mw", password="x-test-password-1")
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}


def test_oversized_bodies_are_refused_before_parsing(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post("/api/v1/tickets", data="x" * 1001, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert "请求内容过大" in response.json()["message"]


@pytest.mark.parametrize(
    "path", ["/api/v1/nonexistent", "/api/v1/tickets/x/y/z", "/api/v2/tickets"]
)
def test_unknown_api_paths_are_json_404(auth, path):
    response = Client().get(path, **auth)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert (
        body["code"] == "not_found" and path in body["message"] and "接口不存在" in body["message"]
    )


def test_a_wrong_method_is_json_405_naming_the_allowed_ones(auth):
    response = Client().delete("/api/v1/tickets", **auth)
    assert response.status_code == 405
    body = response.json()
    assert body["code"] == "method_not_allowed"
    assert set(body["allowed"]) == {"GET", "POST"}
    assert "DELETE" in body["message"]
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_endpoint_404s_keep_their_own_code(auth):
    response = Client().get("/api/v1/tickets/20261124-000001", **auth)
    assert response.status_code == 404 and response.json()["code"] == "ticket_not_found"


def test_pages_outside_the_api_are_left_alone():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")
