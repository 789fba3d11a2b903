"""Integration keys: created for a named outside system with its scopes, its source and its rate,
shown once, revoked by name."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import Conflict, NotFound, ValidationFailed
from jiesu.integrations import channels
from jiesu.integrations.choices import Scope, Source
from jiesu.integrations.models import IntegrationKey
from jiesu.organisation.models import hash_token


def create_key(
    name: str,
    *,
    scopes: list[str],
    source: str = Source.OPEN311,
    channel: str = "",
    per_minute: int = 60,
    now: datetime | None = None,
) -> tuple[IntegrationKey, str]:
    """A new key and its raw value (only the hash is kept). Its service user ``integration-NAME``
    has no password and no desk: it exists so that "its own tickets" are the ones it created."""
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ValidationFailed("invalid_name", _("密钥名称须为1到60个字。"), field="name")
    unknown = [s for s in scopes if s not in Scope.values]
    if not scopes or unknown:
        raise ValidationFailed(
            "invalid_scope",
            _("权限范围须为 %(join)s 中的一个或多个。") % {"join": "、".join(Scope.values)},
            field="scopes",
        )
    if source not in Source.values:
        raise ValidationFailed(
            "invalid_source", _("未知的来源系统：%(source)s。") % {"source": source}, field="source"
        )
    channel = (channel or "").strip()
    if Scope.REPORT_RESULTS in scopes and channel not in channels.RESULT_CHANNELS:
        raise ValidationFailed(
            "invalid_channel",
            _("回传办理结果的密钥须指定一个分流渠道：%(choices)s。")
            % {"choices": "、".join(channels.RESULT_CHANNELS)},
            field="channel",
        )
    if Scope.REPORT_RESULTS not in scopes:
        channel = ""
    if not 1 <= per_minute <= 100_000:
        raise ValidationFailed(
            "invalid_rate", _("每分钟调用上限须在 1 到 100000 之间。"), field="per_minute"
        )
    raw = "jk_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        if IntegrationKey.objects.filter(name=name).exists():
            raise Conflict("key_exists", _("已有名为“%(name)s”的接入密钥。") % {"name": name})
        user = get_user_model().objects.create_user(username=f"integration-{name}"[:150])
        user.set_unusable_password()
        user.save(update_fields=["password"])
        key = IntegrationKey.objects.create(
            name=name,
            user=user,
            key_hash=hash_token(raw),
            prefix=raw[:8],
            scopes=sorted(set(scopes)),
            source=source,
            channel=channel,
            per_minute=per_minute,
            created_at=now or timezone.now(),
        )
    return key, raw


def revoke_key(name: str) -> IntegrationKey:
    with transaction.atomic():
        key = IntegrationKey.objects.select_for_update().filter(name=name).first()
        if key is None:
            raise NotFound("key_not_found", _("接入密钥“%(name)s”不存在。") % {"name": name})
        key.revoked = True
        key.save(update_fields=["revoked"])
    return key
