"""Bearer-token authentication for the API; tokens are stored as SHA-256 hashes."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from ninja.security import HttpBearer

from jiesu.core.errors import ValidationFailed
from jiesu.organisation.actor import actor_for
from jiesu.organisation.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        now = timezone.now()
        row = (
            ApiToken.objects.select_related("user__membership__unit__region")
            .filter(key_hash=hash_token(token), revoked=False, user__is_active=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .first()
        )
        if row is None:
            return None
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.actor = actor_for(row.user)
        return row.user


def create_token(user, name: str = "", *, days: int | None = None) -> str:
    """Create a token for ``user`` and return it; only its hash is kept. It expires after
    ``days`` days (default ``JIESU_TOKEN_DAYS``; 0 = never)."""
    days = settings.JIESU_TOKEN_DAYS if days is None else days
    if days < 0:
        raise ValidationFailed(
            "invalid_token_days", "令牌有效天数不能为负数（0 表示长期有效）。", field="days"
        )
    expires_at = timezone.now() + timedelta(days=days) if days else None
    raw = "js_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, key_hash=hash_token(raw), prefix=raw[:8], name=name, expires_at=expires_at
    )
    return raw
