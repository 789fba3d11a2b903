"""Login throttling (DESIGN §11) on top of django-axes; see docs/decisions/0006-login-throttling.md
and 0017-login-lockout-by-user-and-address.md (failures counted per username and address).

Every password login that goes through ``django.contrib.auth.authenticate(request, …)`` — the desk
login form and the Django admin login — is counted. Failures are kept in the database (axes'
``AccessAttempt`` table), so the count is shared by every gunicorn worker and every machine that
uses the same database, whatever cache is configured.
"""

from __future__ import annotations

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses every login of a username from a client address while that pair is locked out.

    An ``authenticate()`` call without a request (Django's test ``Client.login``, code that checks
    a password in a shell) is not a web login and is not throttled; every login page passes one.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler, except that a successful login clears the failures of that
    *username* only. axes' own reset also drops the failures of the client address, which would
    let someone with one valid account wipe the per-address count between guesses at others."""

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def client_ip(request) -> str | None:
    """The client's address. Behind ``JIESU_TRUSTED_PROXY_COUNT`` reverse proxies that each append
    to ``X-Forwarded-For``, it is that many entries from the right; entries further left are
    written by the client and cannot be trusted. Without proxies it is ``REMOTE_ADDR``."""
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.JIESU_TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = [
            p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()
        ]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return remote
    return remote


def lockout_message() -> str:
    limit = settings.AXES_FAILURE_LIMIT
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "登录失败次数过多（%(limit)s 次），该账号在本机地址上已被暂时锁定。请 %(minutes)s 分钟后再试；锁定期间即使密码正确也无法登录。如需立即解锁，请联系系统管理员。"
    ) % {"limit": limit, "minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while locked out (HTTP 429)."""
    return render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message(), "login_path": request.path},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
