"""The same-matter index as a whole (decision 0109): whether it holds keys of an older formula
(``matching.SCHEME``), and its rewrite in batches (``jiesu matters reindex``). Safe to re-run or
resume: a ticket whose keys are all of the current scheme is left alone, and each batch is its
own transaction, so an interrupted run keeps the batches it finished and never a half-written
one."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from jiesu.core.tablecache import MAX_AGE
from jiesu.intelligence import matching
from jiesu.intelligence.models import MatterKey
from jiesu.tickets.models import Ticket

logger = logging.getLogger("jiesu.intelligence")

#: tickets read and rewritten per transaction
BATCH = 2000
#: SQLite's page cache while reindexing, KiB
SQLITE_CACHE_KIB = 256 * 1024

_cache: dict = {"checked_at": None, "problem": ""}


def _older_keys_exist() -> bool:
    """Two short ranges of the ``(key, created_at)`` index: any key below or above this
    scheme's."""
    low, high = matching.current_keys()
    table = connection.ops.quote_name(MatterKey._meta.db_table)
    key = connection.ops.quote_name("key")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {key} < %s) "
            f"OR EXISTS (SELECT 1 FROM {table} WHERE {key} >= %s)",
            [low, high],
        )
        return bool(cursor.fetchone()[0])


def problem() -> str:
    """Why same-matter suggestions may miss older tickets now ('' when the index is current).
    Asked of the database at most every ``MAX_AGE`` seconds per process; logged when it turns
    stale."""
    checked_at = _cache["checked_at"]
    if checked_at is not None and time.monotonic() - checked_at < MAX_AGE:
        return _cache["problem"]
    found = ""
    if _older_keys_exist():
        found = _(
            "相似事项索引中还有其他版本写入的键（当前为方案 %(scheme)s）：这些工单暂不会被建议为"
            "同一事项（建议只会变少，不会出错）。请运行 jiesu matters reindex 重建索引。"
        ) % {"scheme": matching.SCHEME}
    if found and found != _cache["problem"]:
        logger.warning("same-matter index: %s", found)
    _cache.update(checked_at=time.monotonic(), problem=found)
    return found


def forget() -> None:
    """Ask the database again next time (tests; after a reindex)."""
    _cache.update(checked_at=None, problem="")


@dataclass
class Result:
    read: int = 0
    rewritten: int = 0
    keys_written: int = 0


Row = tuple[int, str, str, object]


def _rewrite(rows: list[Row]) -> tuple[int, int]:
    """Replace the keys of these tickets (pk, subject, content head, created_at) with the
    current scheme's, in one transaction; returns the tickets given keys and the keys written
    (a ticket without bigrams has none). One written statement run for every row, not model
    objects composed by the ORM: that was two thirds of the time (decision 0109)."""
    adapt = connection.ops.adapt_datetimefield_value
    new = []
    tickets = 0
    for pk, subject, head, at in rows:
        keys = matching.band_keys(matching.shingles(subject, head))
        tickets += bool(keys)
        when = adapt(at)
        new += [(key, pk, when) for key in keys]
    new.sort()  # into the (key, created_at) index in its order
    q = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        MatterKey.objects.filter(ticket_id__in=[row[0] for row in rows]).delete()
        cursor.executemany(
            f"INSERT INTO {q(MatterKey._meta.db_table)} ({q('key')}, {q('ticket_id')}, "
            f"{q('created_at')}) VALUES (%s, %s, %s)",
            new,
        )
    return tickets, len(new)


def _needs_rewrite(ids: list[int]) -> set[int]:
    """Of these tickets, those with a key of another scheme or no key at all."""
    low, high = matching.current_keys()
    schemes: dict[int, bool] = defaultdict(lambda: True)
    for ticket_id, key in MatterKey.objects.filter(ticket_id__in=ids).values_list(
        "ticket_id", "key"
    ):
        schemes[ticket_id] = schemes[ticket_id] and low <= key < high
    return {pk for pk in ids if not schemes[pk]} | (set(ids) - set(schemes))


def reindex(*, batch: int = BATCH, progress: Callable[[int], None] = lambda done: None) -> Result:
    """Every ticket's keys in the current scheme, ``batch`` tickets at a time in id order."""
    result = Result()
    last = 0
    if connection.vendor == "sqlite":
        # the key index of a large history is far bigger than SQLite's default 2 MB page cache:
        # each batch's rows land all over it (this connection only; decision 0109)
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    head = Substr("content", 1, matching.CONTENT_CHARS)
    while True:
        rows: list[Row] = list(
            Ticket.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "subject", head, "created_at")[:batch]
        )
        if not rows:
            break
        last = rows[-1][0]
        todo = _needs_rewrite([row[0] for row in rows])
        stale = [row for row in rows if row[0] in todo]
        if stale:
            tickets, keys = _rewrite(stale)
            result.rewritten += tickets
            result.keys_written += keys
        result.read += len(rows)
        progress(len(rows))
    forget()
    return result
