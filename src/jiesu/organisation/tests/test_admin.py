"""API tokens in the admin: listed and revoked there, created only by `jiesu token create`."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.organisation.auth import create_token
from jiesu.organisation.models import ApiToken
from jiesu.testing.builders import ApiClient

pytestmark = pytest.mark.django_db


def admin_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_the_admin_cannot_add_a_token_without_a_secret(city):
    response = admin_client().get("/admin/organisation/apitoken/add/")
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_revoking_in_the_admin_shuts_the_token_out_of_the_api(city):
    # given a working token
    client = ApiClient("operator")
    assert client.get("/tickets").status == 200
    other = create_token(get_user_model().objects.get(username="handler"))
    token = ApiToken.objects.get(user__username="operator")
    # when the administrator revokes it with the list action
    response = admin_client().post(
        "/admin/organisation/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    # then the API refuses it at once, and only it
    assert response.status_code == 200 and "已吊销 1 个令牌" in response.content.decode()
    assert client.get("/tickets").status == 401
    assert ApiToken.objects.get(pk=token.pk).revoked is True
    assert ApiToken.objects.get(prefix=other[:8]).revoked is False
