"""Bearer-token authentication for the API; tokens are stored as SHA-256 hashes.

Every request asks the database whether its token is valid — not revoked, not expired, its user
active — and for the user's desk, so a revocation, a deactivation or a change of desk counts
from the very next request in every process. The question is one statement written once here
rather than composed by the ORM per request, which was a third of intake's CPU (decision 0050);
only the unit of the desk, with its region, comes from the process's table cache."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from jiesu.core.errors import ValidationFailed
from jiesu.core.tablecache import TableCache
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import Role
from jiesu.organisation.models import ApiToken, Membership, Region, Unit, hash_token

#: how often the token's last use is written down
LAST_USE_EVERY = timedelta(minutes=5)
#: the user columns loaded with the token; the others (password, dates) load on first access
_USER_WANTED = {
    "id",
    "username",
    "is_superuser",
    "is_staff",
    "is_active",
    "first_name",
    "last_name",
}

units = TableCache(lambda: Unit.objects.select_related("region"), "pk", watch=(Unit, Region))


@cache
def _user_fields() -> list[str]:
    """The loaded user columns in the model's field order, as ``Model.from_db`` wants them."""
    return [f.attname for f in get_user_model()._meta.concrete_fields if f.attname in _USER_WANTED]


@cache
def _token_sql() -> str:
    q = connection.ops.quote_name
    user = get_user_model()._meta.db_table
    columns = ", ".join(f"u.{q(f)}" for f in _user_fields())
    return (
        f"SELECT t.{q('id')}, m.{q('role')}, m.{q('unit_id')}, "
        f"(t.{q('last_used_at')} IS NULL OR t.{q('last_used_at')} < %s), {columns} "
        f"FROM {q(ApiToken._meta.db_table)} t "
        f"JOIN {q(user)} u ON u.{q('id')} = t.{q('user_id')} "
        f"LEFT JOIN {q(Membership._meta.db_table)} m ON m.{q('user_id')} = u.{q('id')} "
        f"WHERE t.{q('key_hash')} = %s AND t.{q('revoked')} = %s AND u.{q('is_active')} = %s "
        f"AND (t.{q('expires_at')} IS NULL OR t.{q('expires_at')} > %s)"
    )


def _db_time(at: datetime):
    return connection.ops.adapt_datetimefield_value(at)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                _token_sql(),
                [_db_time(now - LAST_USE_EVERY), hash_token(token), False, True, _db_time(now)],
            )
            row = cursor.fetchone()
        if row is None:
            return None
        token_id, role, unit_id, note_use, *user_values = row
        if note_use:
            ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
        model = get_user_model()
        fields = _user_fields()
        values = [
            bool(v) if f.startswith("is_") else v for f, v in zip(fields, user_values, strict=True)
        ]
        user = model.from_db(connection.alias, fields, values)
        if role is None:  # no desk: superusers act as administrators (organisation.actor)
            role, unit = (Role.ADMIN if user.is_superuser else Role.CITIZEN), None
        else:
            unit = units.get(unit_id) if unit_id is not None else None
        request.user = user
        request.actor = Actor(user_id=user.pk, username=user.get_username(), role=role, unit=unit)
        return user


def create_token(user, name: str = "", *, days: int | None = None) -> str:
    """Create a token for ``user`` and return it; only its hash is kept. It expires after
    ``days`` days (default ``JIESU_TOKEN_DAYS``; 0 = never)."""
    days = settings.JIESU_TOKEN_DAYS if days is None else days
    if days < 0:
        raise ValidationFailed(
            "invalid_token_days", _("令牌有效天数不能为负数（0 表示长期有效）。"), field="days"
        )
    expires_at = timezone.now() + timedelta(days=days) if days else None
    raw = "js_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, key_hash=hash_token(raw), prefix=raw[:8], name=name, expires_at=expires_at
    )
    return raw
