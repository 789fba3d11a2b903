"""Finding a ticket by its number, the caller's phone or words, among those the person may see
(``queries.visible_parts``). Each kind of query is served by an index (docs/benchmarks.md):

- a number, whole or its start (``20250623-0001``): a range on the unique number index;
- a phone number: the caller index (``ticket_caller``), after the intake's own clean-up;
- words: every word in the title or the content, newest first. On PostgreSQL the trigram
  indexes (``pg_trgm``, migration ``tickets.0010``) serve words of three characters or more.
  A shorter word (two Chinese characters are common) cannot use them — a trigram index would be
  read whole — so it is matched by position (``STRPOS``/``INSTR``, which no index serves) and,
  when no longer word narrows the search, only among the newest ``WORD_WINDOW`` tickets of the
  city: a bounded range of the ``ticket_created`` index. SQLite has no trigram index and always
  searches that window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext as _

from jiesu.core.errors import JiesuError, ValidationFailed
from jiesu.organisation.actor import Actor
from jiesu.tickets.actions.intake import normalise_phone
from jiesu.tickets.models import Ticket
from jiesu.tickets.queries import visible_parts

_NUMBER = re.compile(r"^\d{8}-?\d{0,6}$")
MAX_QUERY = 100
MAX_WORDS = 5
#: The shortest word a trigram index can serve.
TRIGRAM = 3
#: Without an indexed word, how many of the newest tickets a word search reads.
WORD_WINDOW = 20000


@dataclass(frozen=True)
class Search:
    kind: str  # "number", "phone" or "words"
    text: str
    words: tuple[str, ...] = ()


def parse(q: str) -> Search:
    text = " ".join((q or "").split())[:MAX_QUERY]
    if not text:
        raise ValidationFailed("empty_query", _("请输入工单编号、电话号码或关键词。"), field="q")
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


def _trigram() -> bool:
    return connection.vendor == "postgresql"


def _contains(word: str, *, indexed: bool) -> Q:
    if indexed:  # LIKE '%word%': the trigram indexes serve it
        return Q(subject__contains=word) | Q(content__contains=word)
    return Q(GreaterThan(StrIndex("subject", Value(word)), 0)) | Q(
        GreaterThan(StrIndex("content", Value(word)), 0)
    )


def _conditions(search: Search) -> list[Q]:
    if search.kind == "number":
        return [Q(number__gte=search.text, number__lt=search.text + "\uffff")]
    if search.kind == "phone":
        return [Q(caller_phone=search.text)]
    trigram = _trigram()
    indexed = [trigram and len(word) >= TRIGRAM for word in search.words]
    conditions = [_contains(w, indexed=i) for w, i in zip(search.words, indexed, strict=True)]
    if not any(indexed):
        cutoff = (
            Ticket.objects.order_by("-created_at", "-id")
            .values_list("created_at", flat=True)[WORD_WINDOW - 1 : WORD_WINDOW]
            .first()
        )
        if cutoff is not None:
            conditions.append(Q(created_at__gte=cutoff))
    return conditions


def search_tickets(actor: Actor, q: str, *, limit: int = 50) -> tuple[Search, list[Ticket]]:
    """At most ``limit`` tickets, newest first, that ``actor`` may see."""
    search = parse(q)
    conditions = _conditions(search)
    found: dict[int, Ticket] = {}
    for part in visible_parts(actor):
        rows = (
            part.filter(*conditions)
            .select_related("region", "category")
            .order_by("-created_at", "-id")[:limit]
        )
        found.update((t.pk, t) for t in rows)
    tickets = sorted(found.values(), key=lambda t: (t.created_at, t.pk), reverse=True)[:limit]
    return search, tickets
