"""Integration keys: created with scopes, source and rate, shown once, hashed, revoked."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from jiesu.core.errors import Conflict, NotFound, ValidationFailed
from jiesu.integrations.actions import create_key, revoke_key
from jiesu.integrations.models import IntegrationKey

pytestmark = pytest.mark.usefixtures("city")


def services_with(key: str) -> int:
    return Client().get("/open311/v2/requests.json", {"api_key": key}).status_code


def test_the_command_prints_a_key_that_works_and_keeps_only_its_hash():
    out = StringIO()
    call_command("integration", "create", "城市APP", "--scopes", "submit,read_own", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    assert raw.startswith("jk_")
    key = IntegrationKey.objects.get(name="城市APP")
    assert raw not in (key.key_hash, key.prefix) and key.prefix == raw[:8]
    assert key.scopes == ["read_own", "submit"] and not key.user.has_usable_password()
    assert services_with(raw) == 200
    listing = StringIO()
    call_command("integration", "list", stdout=listing)
    assert "城市APP" in listing.getvalue() and raw not in listing.getvalue()
    # revoked, it is refused
    call_command("integration", "revoke", "城市APP", stdout=StringIO())
    assert services_with(raw) == 403


@pytest.mark.parametrize(
    ("kwargs", "error", "code"),
    [
        ({"scopes": []}, ValidationFailed, "invalid_scope"),
        ({"scopes": ["delete_everything"]}, ValidationFailed, "invalid_scope"),
        ({"scopes": ["submit"], "source": "mars"}, ValidationFailed, "invalid_source"),
        ({"scopes": ["submit"], "per_minute": 0}, ValidationFailed, "invalid_rate"),
    ],
)
def test_bad_keys_are_refused(kwargs, error, code):
    with pytest.raises(error) as exc:
        create_key("甲", **kwargs)
    assert exc.value.code == code
    assert not IntegrationKey.objects.exists()


def test_names_are_unique_and_revoking_an_unknown_key_is_an_error():
    create_key("甲", scopes=["submit"])
    with pytest.raises(Conflict):
        create_key("甲", scopes=["submit"])
    with pytest.raises(NotFound):
        revoke_key("乙")
    with pytest.raises(CommandError):
        call_command("integration", "create", "", "--scopes", "submit", stdout=StringIO())
