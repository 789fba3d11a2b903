"""A person who logged in with a one-time password sets their own before anything else
(decision 0022). The flag is put in the session at login (``accounts.apps``); every other page
of the site redirects to the password page until it is cleared."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

from jiesu.accounts.apps import MUST_SET_PASSWORD


class FirstLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(MUST_SET_PASSWORD):
            allowed = (reverse("desk:password"), reverse("logout"), reverse("login"))
            if not request.path.startswith(("/static/", "/api/")) and request.path not in allowed:
                return redirect("desk:password")
        return self.get_response(request)
