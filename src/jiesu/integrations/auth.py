"""Who is calling an integration endpoint: ``key_for_request(request, scope)``.

The credential is an integration key (``jiesu integration create``) or a user's API token
(``jiesu token create``), sent as ``Authorization: Bearer …`` or, as Open311 clients do, as the
``api_key`` parameter (query string or form body). An integration key acts as a **caller**
(decision 0026) limited to its scopes; a user's token acts as that user, whose role decides.
Every credential is held to its calls per minute, and every call that asked is audited by
``middleware.CallAuditMiddleware`` — refusals too.

For another app's endpoint (e.g. a diversion channel reporting its result)::

    principal = key_for_request(request, Scope.REPORT_RESULTS)
    principal.actor        # pass to the action
    principal.key.source   # the channel the key belongs to (None for a user's token)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import Forbidden, JiesuError
from jiesu.integrations.choices import Scope
from jiesu.integrations.models import Call, IntegrationKey
from jiesu.organisation.actor import Actor, actor_for, caller
from jiesu.organisation.auth import TokenAuth
from jiesu.organisation.models import hash_token

WINDOW = timedelta(minutes=1)


class Unauthorized(JiesuError):
    status = 401


class RateLimited(JiesuError):
    status = 429


@dataclass(frozen=True)
class Principal:
    actor: Actor
    key: IntegrationKey | None  # None: a user's API token
    credential: str  # the key's or token's first characters, for the audit and the limit

    def allows(self, scope: str) -> bool:
        return self.key is None or scope in self.key.scopes

    @property
    def per_minute(self) -> int:
        return self.key.per_minute if self.key else settings.JIESU_INTEGRATION_PER_MINUTE


def credential_of(request) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    raw = request.GET.get("api_key", "")
    if (
        not raw
        and request.method == "POST"
        and request.content_type
        in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        )
    ):
        raw = request.POST.get("api_key", "")
    return raw.strip()


def _identify(request, raw: str, now: datetime) -> Principal | None:
    key = (
        IntegrationKey.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked=False, user__is_active=True)
        .first()
    )
    if key is not None:
        if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=5):
            IntegrationKey.objects.filter(pk=key.pk).update(last_used_at=now)
        channel = key.channel if Scope.REPORT_RESULTS in key.scopes else ""
        actor = caller(username=key.name, user_id=key.user_id, channel=channel)
        return Principal(actor, key, key.prefix)
    user = TokenAuth().authenticate(request, raw)
    if user is None:
        return None
    return Principal(actor_for(user), None, raw[:8])


def mark_audited(request) -> None:
    """Have this request audited even if it names no credential (an open endpoint)."""
    request.integration_call = True


def key_for_request(request, scope: str, *, now: datetime | None = None) -> Principal:
    """The caller behind the request, allowed ``scope`` and within its rate; otherwise
    ``Unauthorized`` (401), ``RateLimited`` (429) or ``Forbidden`` (403)."""
    now = now or timezone.now()
    mark_audited(request)
    raw = credential_of(request)
    principal = _identify(request, raw, now) if raw else None
    if principal is None:
        raise Unauthorized(
            "invalid_api_key",
            _("缺少或无效的接入密钥：请提供 api_key 参数或 Authorization: Bearer 头。"),
        )
    request.integration = principal
    recent = Call.objects.filter(credential=principal.credential, at__gt=now - WINDOW).count()
    if recent >= principal.per_minute:
        raise RateLimited(
            "rate_limited",
            _("调用过于频繁：该密钥每分钟最多 %(per_minute)s 次，请稍后重试。")
            % {"per_minute": principal.per_minute},
            per_minute=principal.per_minute,
        )
    if not principal.allows(scope):
        raise Forbidden(
            "scope_not_granted",
            _("该接入密钥没有“%(label)s”权限。") % {"label": Scope(scope).label},
            scope=scope,
        )
    return principal
