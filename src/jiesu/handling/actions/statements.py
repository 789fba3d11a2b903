"""Stamped statements whose upload did not last. A statement is written to storage before its
transaction commits (the row must name the file); when that transaction rolls back — here or in
a caller's — the file stays behind with no row naming it. The periodic clean-up removes such
files once they are old enough that no upload can still be committing them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from jiesu.handling.models import ReturnRequest

STATEMENTS_DIR = "returns"
GRACE = timedelta(hours=1)


def _files(storage, folder: str):
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _files(storage, f"{folder}/{sub}")


def remove_orphan_statements(*, now: datetime | None = None, grace: timedelta = GRACE) -> list[str]:
    """Delete statement files that no return names and that are older than ``grace``; answer
    their names. Files of returns, current or replaced-then-kept, are never touched."""
    now = now or timezone.now()
    storage = ReturnRequest._meta.get_field("statement").storage
    if not storage.exists(STATEMENTS_DIR):
        return []
    named = set(ReturnRequest.objects.exclude(statement="").values_list("statement", flat=True))
    removed = []
    for name in _files(storage, STATEMENTS_DIR):
        if name not in named and storage.get_modified_time(name) < now - grace:
            storage.delete(name)
            removed.append(name)
    return removed
