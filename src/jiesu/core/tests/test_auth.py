"""Bearer tokens stored as hashes; passwords hashed; bodies over the limit refused early."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.core.errors import ValidationFailed
from jiesu.organisation.auth import create_token
from jiesu.organisation.models import ApiToken, hash_token
from jiesu.testing.builders import sh

pytestmark = pytest.mark.django_db


def call(token: str | None, path: str = "/api/v1/units"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(path, **headers)


def test_only_the_hash_is_stored_and_the_token_works():
    user = get_user_model().objects.create_user("tok", password="x-test-password-1")
    token = create_token(user, name="ci")
    row = ApiToken.objects.get(user=user)
    assert row.key_hash == hash_token(token) and token not in (row.key_hash, row.prefix)
    assert row.prefix == token[:8]
    assert call(token).status_code == 200


def test_a_token_expires_after_its_days(settings):
    # given a token made on Mon 2026-11-23 09:00 with the default lifetime of 30 days
    settings.JIESU_TOKEN_DAYS = 30
    user = get_user_model().objects.create_user("tok", password="x-test-password-1")
    with time_machine.travel(sh(2026, 11, 23, 9), tick=False):
        token = create_token(user)
    assert ApiToken.objects.get().expires_at == sh(2026, 12, 23, 9)
    # then it works until then and is refused from that moment on
    with time_machine.travel(sh(2026, 12, 23, 8, 59), tick=False):
        assert call(token).status_code == 200
    with time_machine.travel(sh(2026, 12, 23, 9), tick=False):
        response = call(token)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_a_token_of_zero_days_never_expires_and_negative_days_are_refused():
    user = get_user_model().objects.create_user("tok", password="x-test-password-1")
    token = create_token(user, days=0)
    assert ApiToken.objects.get().expires_at is None
    with time_machine.travel(sh(2036, 1, 1, 9), tick=False):
        assert call(token).status_code == 200
    with pytest.raises(ValidationFailed) as exc:
        create_token(user, days=-1)
    assert exc.value.code == "invalid_token_days"
    assert ApiToken.objects.count() == 1


def test_revoked_tokens_and_inactive_users_are_refused():
    user = get_user_model().objects.create_user("tok", password="x-test-password-1")
    token = create_token(user)
    ApiToken.objects.update(revoked=True)
    assert call(token).status_code == 401
    ApiToken.objects.update(revoked=False)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    response = call(token)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_last_use_is_noted_at_most_every_five_minutes():
    user = get_user_model().objects.create_user("tok", password="x-test-password-1")
    token = create_token(user)
    with time_machine.travel(sh(2026, 11, 24, 9), tick=False):
        call(token)
    with time_machine.travel(sh(2026, 11, 24, 9, 4), tick=False):
        call(token)
    assert ApiToken.objects.get().last_used_at == sh(2026, 11, 24, 9)
    with time_machine.travel(sh(2026, 11, 24, 9, 6), tick=False):
        call(token)
    assert ApiToken.objects.get().last_used_at == sh(2026, 11, 24, 9, 6)


@pytest.mark.real_hasher
def test_passwords_are_hashed():
    user = get_user_model().objects.create_user("pw", password="x-test-password-1")
    user.refresh_from_db()
    assert user.password.startswith(("pbkdf2_", "argon2", "bcrypt", "scrypt"))
    assert "x-test-password-1" not in user.password


def test_a_revocation_counts_from_the_next_request_in_the_same_process(city):
    # given a token that has just worked (so anything cacheable is cached)
    operator = get_user_model().objects.get(username="operator")
    token = create_token(operator)
    assert call(token, "/api/v1/tickets").status_code == 200
    # when an administrator revokes it the way the admin does (QuerySet.update: no signals)
    ApiToken.objects.filter(user=operator).update(revoked=True)
    # then the very next request is refused
    response = call(token, "/api/v1/tickets")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_a_change_of_desk_counts_from_the_next_request(city):
    # given the operator's token works on an operator's endpoint
    from jiesu.organisation.choices import Role
    from jiesu.organisation.models import Membership

    operator = get_user_model().objects.get(username="operator")
    token = create_token(operator)
    assert call(token, "/api/v1/callbacks/due").status_code == 200
    # when the operator's membership becomes a unit handler's desk, without signals
    handler_unit = Membership.objects.get(user__username="handler").unit
    Membership.objects.filter(user=operator).update(role=Role.UNIT_HANDLER, unit=handler_unit)
    # then the next request acts as the handler's desk: the platform's list is refused
    assert call(token, "/api/v1/callbacks/due").status_code == 403


def test_the_actor_of_a_token_is_the_user_and_desk(city):
    from jiesu.organisation.auth import TokenAuth

    operator = get_user_model().objects.get(username="operator")
    token = create_token(operator)

    class Request:
        pass

    request = Request()
    user = TokenAuth().authenticate(request, token)
    assert user.pk == operator.pk and user.get_username() == "operator" and user.is_active
    actor = request.actor  # type: ignore[attr-defined]
    assert (actor.username, actor.role, actor.unit.code) == (
        "operator",
        operator.membership.role,
        operator.membership.unit.code,
    )
    assert actor.unit.region == operator.membership.unit.region
