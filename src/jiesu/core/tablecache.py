"""Small reference tables (regions, units, categories) held in the process, so that a hot path
such as intake does not compile and run a query for a row that changes a few times a year
(decision 0050).

A cache is a dict of the table's rows keyed by one field, loaded with one query on first use. It
is dropped at once when a row of one of its models is saved or deleted in this process (Django's
``post_save`` / ``post_delete``), and at the latest ``max_age`` seconds after it was loaded, which
bounds how long a change made by another process (another web worker, a ``QuerySet.update``,
an SQL console) can go unseen. The rows are shared by the requests of the process: read them,
never change and save them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save

#: how long a loaded table may be used before it is read again (seconds)
MAX_AGE = 30.0

_all: list[TableCache] = []


class TableCache:
    def __init__(
        self,
        queryset: Callable[[], QuerySet],
        key: str,
        *,
        watch: tuple[type[Model], ...],
        max_age: float = MAX_AGE,
    ) -> None:
        self._queryset = queryset
        self._key = key
        self._max_age = max_age
        self._rows: dict[Any, Any] | None = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()
        for model in watch:
            post_save.connect(self._dropped, sender=model, weak=False)
            post_delete.connect(self._dropped, sender=model, weak=False)
        _all.append(self)

    def _dropped(self, **_: Any) -> None:
        self.clear()

    def clear(self) -> None:
        self._rows = None

    def _load(self) -> dict[Any, Any]:
        with self._lock:
            loaded_at = time.monotonic()
            rows = {getattr(row, self._key): row for row in self._queryset()}
            self._rows, self._loaded_at = rows, loaded_at
        return rows

    def rows(self) -> dict[Any, Any]:
        rows = self._rows
        if rows is None or time.monotonic() - self._loaded_at > self._max_age:
            rows = self._load()
        return rows

    def get(self, key: Any) -> Any | None:
        """The row, or None. A key not in the table is looked for once more in a fresh copy
        (a row added by another process since the load): a miss costs one query, as it did
        before the cache."""
        rows = self.rows()
        if key in rows:
            return rows[key]
        if time.monotonic() - self._loaded_at > 0.001:
            rows = self._load()
        return rows.get(key)


def clear_all() -> None:
    """Drop every table cache of the process (tests that write rows with ``QuerySet.update``)."""
    for cache in _all:
        cache.clear()
