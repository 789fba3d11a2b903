"""Signed webhooks: the body, its HMAC-SHA256 signature, and one HTTP POST.

The receiver checks ``X-Jiesu-Signature: sha256=<hex>``, the HMAC-SHA256 with the shared
secret of ``<X-Jiesu-Timestamp>.<body bytes>``, and refuses stale timestamps (replays). The
same delivery may arrive more than once (at-least-once): ``X-Jiesu-Delivery`` is its key."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

USER_AGENT = "Jiesu-Webhook/1"
_RESPONSE_KEPT = 2000  # characters of a receiver's answer kept in the delivery log


def body_bytes(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent and signed: compact JSON, Chinese as itself, UTF-8."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signed: str) -> bool:
    """What a receiver does (and what the tests' receiver does)."""
    return hmac.compare_digest(signature(secret, timestamp, body), signed)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None
    error: str
    response: str
    duration_ms: int


def post(
    url: str, *, secret: str, event: str, delivery_id: int, body: bytes, timeout: float
) -> Outcome:
    """POST ``body`` to ``url`` with its signature; a 2xx answer is success. Never raises for
    what the network or the receiver does: the outcome says what happened."""
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Jiesu-Event": event,
            "X-Jiesu-Delivery": str(delivery_id),
            "X-Jiesu-Timestamp": timestamp,
            "X-Jiesu-Signature": signature(secret, timestamp, body),
        },
    )
    started = time.monotonic()

    def done(ok: bool, code: int | None, error: str = "", text: str = "") -> Outcome:
        elapsed = int((time.monotonic() - started) * 1000)
        return Outcome(ok, code, error, text[:_RESPONSE_KEPT], elapsed)

    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            text = response.read(_RESPONSE_KEPT * 4).decode("utf-8", "replace")
            return done(200 <= response.status < 300, response.status, text=text)
    except urllib.error.HTTPError as exc:
        text = exc.read(_RESPONSE_KEPT * 4).decode("utf-8", "replace")
        return done(False, exc.code, f"HTTP {exc.code}", text)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return done(False, None, f"{type(exc).__name__}: {reason}")
