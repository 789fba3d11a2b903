"""Setup shared by the tickets tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The demo city sets a dozen passwords; the production hasher takes ~0.5 s for each. Tests
    that check hashing itself live in core/tests and keep the real hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
