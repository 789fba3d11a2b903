"""Bearer-token authentication for the API; tokens are stored as SHA-256 hashes."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer

from jiesu.organisation.actor import actor_for
from jiesu.organisation.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        row = (
            ApiToken.objects.select_related("user__membership__unit__region")
            .filter(key_hash=hash_token(token), revoked=False, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.actor = actor_for(row.user)
        return row.user


def create_token(user, name: str = "") -> str:
    """Create a token for ``user`` and return it; only its hash is kept."""
    raw = "js_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), prefix=raw[:8], name=name)
    return raw
