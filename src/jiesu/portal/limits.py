"""Rate limits of the portal, counted from its own ``Attempt`` rows so that every web process
and machine sharing the database sees the same count (no cache needed)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from jiesu.core.errors import JiesuError
from jiesu.portal.choices import AttemptKind
from jiesu.portal.models import Attempt

SUBMIT_WINDOW = timedelta(hours=1)
LOOKUP_WINDOW = timedelta(minutes=15)


class TooManyAttempts(JiesuError):
    status = 429


def _count(kind: str, now: datetime, window: timedelta, **match: str) -> int:
    return Attempt.objects.filter(kind=kind, at__gt=now - window, at__lte=now, **match).count()


def check_submit(client: str, now: datetime) -> None:
    limit = settings.JIESU_PORTAL_SUBMITS_PER_HOUR
    if _count(AttemptKind.SUBMIT, now, SUBMIT_WINDOW, client=client) >= limit:
        raise TooManyAttempts(
            "too_many_submissions",
            _("同一网络每小时最多提交 %(limit)s 件诉求，请稍后再试，或拨打 12345 热线。")
            % {"limit": limit},
        )


def check_lookup(client: str, number: str, now: datetime) -> None:
    """Wrong query codes lock the client, and the number whatever the client (a guesser who
    changes address still gets a few tries per number per window)."""
    limit = settings.JIESU_PORTAL_LOOKUP_FAILURES
    if (
        _count(AttemptKind.LOOKUP_FAILED, now, LOOKUP_WINDOW, client=client) >= limit
        or _count(AttemptKind.LOOKUP_FAILED, now, LOOKUP_WINDOW, number=number) >= limit
    ):
        raise TooManyAttempts(
            "too_many_lookups",
            _("查询码错误次数过多，请 %(v1)s 分钟后再试，或拨打 12345 热线查询。")
            % {"v1": LOOKUP_WINDOW.seconds // 60},
        )


def record(kind: str, client: str, now: datetime, number: str = "") -> None:
    Attempt.objects.create(kind=kind, client=client, number=number, at=now)
