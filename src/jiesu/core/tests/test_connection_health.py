"""A database connection kept between requests (CONN_MAX_AGE) is health-checked before reuse: when
PostgreSQL drops it (a restart, a failover), the next request reconnects instead of failing."""

from __future__ import annotations

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from jiesu.organisation.auth import create_token


@pytest.mark.postgres
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_request_after_the_server_dropped_the_connection_succeeds():
    # given a kept connection (as a worker holds one between requests), with its server pid
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    user = get_user_model().objects.create_user("health", password="x-test-password-1")
    token = create_token(user)
    pid = connection.connection.info.backend_pid
    # when the server ends it, as a restart does, from a second connection
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
    # then the next request, through the real WSGI handler (request_started and all), succeeds
    statuses = []
    environ = RequestFactory().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {token}").environ
    body = b"".join(WSGIHandler()(environ, lambda status, headers: statuses.append(status)))
    assert statuses == ["200 OK"], body[:300]
    assert connection.connection.info.backend_pid != pid
