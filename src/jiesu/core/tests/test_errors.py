"""One error type with a stable code, a Chinese message and an HTTP status."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from jiesu.core.env import envbool, envfloat, envint, envstr
from jiesu.core.errors import Conflict, Forbidden, JiesuError, NotFound, ValidationFailed


@pytest.mark.parametrize(
    ("cls", "status"),
    [
        (ValidationFailed, 422),
        (NotFound, 404),
        (Forbidden, 403),
        (Conflict, 409),
        (JiesuError, 422),
    ],
)
def test_status_per_kind(cls, status):
    error = cls("some_code", "出错了。", field="x")
    assert error.status == status
    assert error.as_dict() == {"code": "some_code", "message": "出错了。", "field": "x"}
    assert str(error) == "出错了。"


def test_status_can_be_given():
    assert ValidationFailed("too_big", "太大了。", status=413).status == 413
    assert ValidationFailed("x", "y").status == 422  # the class default is untouched


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1", True), ("true", True), ("ON", True), ("0", False), ("no", False), ("", False)],
)
def test_envbool(monkeypatch, raw, value):
    monkeypatch.setenv("JIESU_TEST_FLAG", raw)
    assert envbool("JIESU_TEST_FLAG", not value) is value


def test_env_defaults_and_loud_failures(monkeypatch):
    monkeypatch.delenv("JIESU_TEST_X", raising=False)
    assert envbool("JIESU_TEST_X", True) is True
    assert envint("JIESU_TEST_X", 7) == 7
    assert envfloat("JIESU_TEST_X", 2.5) == 2.5
    assert envstr("JIESU_TEST_X", "d") == "d"
    monkeypatch.setenv("JIESU_TEST_X", "12")
    assert envint("JIESU_TEST_X", 7) == 12 and envfloat("JIESU_TEST_X", 1.0) == 12.0
    monkeypatch.setenv("JIESU_TEST_X", "maybe")
    for reader in (envbool, envint, envfloat):
        with pytest.raises(ImproperlyConfigured, match="JIESU_TEST_X"):
            reader("JIESU_TEST_X", 0)
