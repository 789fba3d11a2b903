"""A property-based fuzz of the whole API against its own OpenAPI document (schemathesis): for
every operation, requests generated from the document, with a fixed seed and a bounded number of
examples, sent as the city platform's operator on the demo city. No answer may be a 5xx, and every
answer must be declared by the document: its status, its content type and its body's schema."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jiesu.api import api as ninja_api  # noqa: E402
from jiesu.wsgi import application  # noqa: E402

EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema())
schema.app = application


@pytest.fixture
def token(city):
    """The operator's token. Requests go through the real WSGI handler, which would close the
    test's database connection at each request start (it holds an open transaction); Django's
    own test client takes the same step out while it runs."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield _operator_token()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _operator_token() -> str:
    from django.contrib.auth import get_user_model

    from jiesu.organisation.auth import create_token

    return create_token(get_user_model().objects.get(username="operator"), name="fuzz")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # a fixed seed: the same requests on every run
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_keeps_to_its_document(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
