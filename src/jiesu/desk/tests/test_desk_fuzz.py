"""Every form the desk shows, filled badly, by every demo account: never a 500, and a refused
form changes nothing.

The demo city with its sample tickets gives each account real work; the test reads each
account's home and the ticket pages it can open, collects every POST form on them, and sends each
distinct form (same action shape, same fields; the first account that sees it) a few bad fillings: everything empty, everything
far too long, and values of the wrong kind (text for numbers and dates, a choice that is not
offered, markup). An answer of 400 or more must leave the record as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from jiesu.tickets.models import Event, Ticket

pytestmark = pytest.mark.django_db

ACCOUNTS = [
    "operator",
    "dispatcher",
    "county",
    "handler",
    "reviewer",
    "leader",
    "street",
    "street_head",
    "water",
    "supervisor",
    "qyfw",
]


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> input type ("select", …)

    def shape(self) -> tuple[str, tuple[str, ...]]:
        return re.sub(r"\d+", "N", self.action), tuple(sorted(self.fields))


class _Forms(HTMLParser):
    """The POST forms of a page with their named fields (file inputs left out)."""

    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._open: Form | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self._open = Form(a.get("action") or self.page)
        elif self._open is not None and tag in ("input", "textarea", "select") and a.get("name"):
            kind = tag if tag != "input" else (a.get("type") or "text").lower()
            if kind != "file" and a["name"] != "csrfmiddlewaretoken":
                self._open.fields[a["name"]] = kind

    def handle_endtag(self, tag):
        if tag == "form" and self._open is not None:
            self.forms.append(self._open)
            self._open = None


def _forms(client: Client, path: str) -> list[Form]:
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms(path)
    parser.feed(response.content.decode())
    return [f for f in parser.forms if f.action.startswith("/desk/") and "logout" not in f.action]


def _fillings(form: Form) -> list[dict[str, str]]:
    def value(kind: str, style: str) -> str:
        if style == "empty":
            return ""
        if style == "long":
            return "长" * 30000
        return {
            "number": "很多",
            "date": "明天",
            "datetime-local": "2025-13-45T99:99",
            "select": "no-such-choice",
            "checkbox": "maybe",
        }.get(kind, "<script>alert(1)</script>\u200b😀")

    return [
        {name: value(kind, style) for name, kind in form.fields.items()}
        for style in ("empty", "long", "wrong")
    ]


@pytest.fixture
def demo(db):
    call_command("demo", stdout=StringIO())


def test_every_desk_form_refuses_bad_input_without_a_500(demo):
    numbers = list(Ticket.objects.order_by("id").values_list("number", flat=True))
    seen: set[tuple] = set()
    tried = 0
    for username in ACCOUNTS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        pages = ["/desk/", "/desk/new/"] + [f"/desk/t/{n}/" for n in numbers]
        for page in pages:
            for form in _forms(client, page):
                key = form.shape()
                if key in seen:
                    continue
                seen.add(key)
                for data in _fillings(form):
                    before = Event.objects.count()
                    response = client.post(form.action, data)
                    tried += 1
                    assert response.status_code < 500, (username, form.action, data.keys())
                    if response.status_code >= 400:
                        assert Event.objects.count() == before, (username, form.action)
    # the walk reached the desks' forms, not an empty set
    assert tried >= 60, tried
