"""The input boundary (docs/decisions/0010-input-boundary.md): what text and dates Jiesu accepts,
in one place for the API (``core.middleware.InputBoundaryMiddleware``) and the desk forms
(``core.forms.CleanForm``).

- Text may hold any printable character and, in long text, line breaks and tabs. Other control
  characters (C0 and C1, NUL among them: PostgreSQL cannot store it) and lone surrogates (they
  cannot be encoded as UTF-8) are refused: ``invalid_characters``.
- A date or date-time is accepted from ``JIESU_MIN_YEAR`` to ``JIESU_MAX_YEAR`` (2000–2100):
  ``date_out_of_range``. Nothing a hotline does lies outside, and the bound keeps every sum of a
  date and a few hundred working days, in every time zone, inside what Python and the databases
  can represent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed

# C0 controls except tab, line feed and carriage return; DEL and the C1 controls; surrogates.
_BAD_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Addresses and query parameters: no control character at all.
_BAD_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# A value that is wholly an ISO 8601 date or date-time (what Python's fromisoformat reads).
_ISO_DATE = re.compile(
    r"(?P<year>[+-]?\d{4,})-\d{2}-\d{2}(?:[T ]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?)?\s*"
)
# Upload file names longer than this are refused (what a statement's stored name keeps).
MAX_FILE_NAME = 200


def year_range() -> tuple[int, int]:
    return settings.JIESU_MIN_YEAR, settings.JIESU_MAX_YEAR


def invalid_characters(field: str) -> ValidationFailed:
    return ValidationFailed(
        "invalid_characters",
        _("“%(field)s”含有不允许的字符（控制字符或无效的 Unicode 字符），请删除后重试。")
        % {"field": field},
        field=field,
    )


def out_of_range(field: str, value: str | int) -> ValidationFailed:
    low, high = year_range()
    return ValidationFailed(
        "date_out_of_range",
        _("“%(field)s”的年份须在 %(low)s 到 %(high)s 之间，实际为 %(year)s。")
        % {"field": field, "low": low, "high": high, "year": value},
        field=field,
    )


def clean_text(value: str, *, field: str, multiline: bool = True) -> str:
    """``value`` unchanged, or ``invalid_characters`` naming ``field``."""
    pattern = _BAD_IN_TEXT if multiline else _BAD_IN_NAME
    if pattern.search(value):
        raise invalid_characters(field)
    return value


def check_year(value: date | datetime, *, field: str) -> date | datetime:
    """``value`` unchanged, or ``date_out_of_range`` when its year is outside the accepted years."""
    low, high = year_range()
    if not low <= value.year <= high:
        raise out_of_range(field, value.year)
    return value


def check_date_text(value: str, *, field: str) -> None:
    """A string that is wholly an ISO 8601 date or date-time must fall in the accepted years.
    Anything else (free text that merely mentions a date) is left to its own field's rules."""
    match = _ISO_DATE.fullmatch(value)
    if match is None:
        return
    low, high = year_range()
    year = int(match["year"])
    if not low <= year <= high:
        raise out_of_range(field, year)


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every (field path, string) in a parsed JSON value, object keys included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            yield inner, str(key)
            yield from _strings(item, inner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}" if path else str(index))


def check_json(value: Any) -> None:
    """Every string of a JSON body: characters first, then dates."""
    for field, text in _strings(value, ""):
        clean_text(text, field=field or "body")
        check_date_text(text, field=field or "body")


def check_parameter(name: str, value: str, *, dates: bool) -> None:
    """A query parameter (or an address): no control character; a date in the accepted years."""
    clean_text(name, field=name if not _BAD_IN_NAME.search(name) else "query", multiline=False)
    clean_text(value, field=name, multiline=False)
    if dates:
        check_date_text(value, field=name)
