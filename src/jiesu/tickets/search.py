"""Finding a ticket by its number, the caller's phone or words, among those the person may see
(``queries.visible_parts``). Each kind of query is served by an index (docs/benchmarks.md):

- a number, whole or its start (``20250623-0001``): a range on the unique number index;
- a phone number: the caller index (``ticket_caller``), after the intake's own clean-up;
- words: every word in the title or the content, newest first. On PostgreSQL trigram indexes
  (``pg_trgm``) serve words of three characters or more; shorter words and SQLite read the
  newest tickets until the page is full (``WORD_SCAN`` rows at most per part).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from jiesu.core.errors import JiesuError, ValidationFailed
from jiesu.organisation.actor import Actor
from jiesu.tickets.actions.intake import normalise_phone
from jiesu.tickets.models import Ticket
from jiesu.tickets.queries import visible_parts

_NUMBER = re.compile(r"^\d{8}-?\d{0,6}$")
MAX_QUERY = 100
MAX_WORDS = 5
#: Without a usable index, how many of the newest tickets a word search reads per part.
WORD_SCAN = 20000


@dataclass(frozen=True)
class Search:
    kind: str  # "number", "phone" or "words"
    text: str
    words: tuple[str, ...] = ()


def parse(q: str) -> Search:
    text = " ".join((q or "").split())[:MAX_QUERY]
    if not text:
        raise ValidationFailed("empty_query", "请输入工单编号、电话号码或关键词。", field="q")
    compact = text.replace(" ", "")
    try:
        phone = normalise_phone(compact)
    except JiesuError:
        phone = ""
    if len(phone) >= 7:  # a mobile or a landline (a ticket number is neither)
        return Search("phone", phone)
    if _NUMBER.match(compact):
        number = compact if "-" in compact or len(compact) <= 8 else f"{compact[:8]}-{compact[8:]}"
        return Search("number", number)
    return Search("words", text, tuple(text.split(" ")[:MAX_WORDS]))


def _condition(search: Search) -> Q:
    if search.kind == "number":
        return Q(number__gte=search.text, number__lt=search.text + "\uffff")
    if search.kind == "phone":
        return Q(caller_phone=search.text)
    condition = Q()
    for word in search.words:
        condition &= Q(subject__contains=word) | Q(content__contains=word)
    return condition


def _uses_index(search: Search, part: QuerySet[Ticket]) -> bool:
    if search.kind != "words":
        return True
    return part.db == "default" and _trigram_ready() and min(map(len, search.words)) >= 3


def _trigram_ready() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def search_tickets(actor: Actor, q: str, *, limit: int = 50) -> tuple[Search, list[Ticket]]:
    """At most ``limit`` tickets, newest first, that ``actor`` may see."""
    search = parse(q)
    condition = _condition(search)
    found: dict[int, Ticket] = {}
    for part in visible_parts(actor):
        qs = part.select_related("region", "category")
        if _uses_index(search, part):
            rows = qs.filter(condition).order_by("-created_at", "-id")[:limit]
        else:  # read the newest tickets only: a bounded scan, never the whole table
            newest = part.order_by("-created_at", "-id").values("pk")[:WORD_SCAN]
            rows = qs.filter(condition, pk__in=newest).order_by("-created_at", "-id")[:limit]
        found.update((t.pk, t) for t in rows)
    tickets = sorted(found.values(), key=lambda t: (t.created_at, t.pk), reverse=True)[:limit]
    return search, tickets
