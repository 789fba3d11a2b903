"""A client address as something to count by, never to read back: a keyed hash (HMAC-SHA256
with the secret key) of the address ``core.throttle.client_ip`` trusts."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from jiesu.core.throttle import client_ip


def client_key(request) -> str:
    raw = (client_ip(request) or "unknown").encode()
    return hmac.new(settings.SECRET_KEY.encode(), raw, hashlib.sha256).hexdigest()
