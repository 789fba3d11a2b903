"""Reading the rows of an import file, CSV or Excel, and the cell values offices write in them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from jiesu.assessment.rates import SH
from jiesu.core.errors import ValidationFailed

TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")


def read_rows(path: Path, columns: tuple[str, ...], *, required: tuple[str, ...]) -> list[dict]:
    """Every data row of ``path`` as ``{column: text or value, "line": n}``; the header names
    the columns (any order; unknown ones are refused so that a misspelt one is not dropped)."""
    rows = list(_xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows(path))
    if not rows:
        raise ValidationFailed("empty_file", _("%(name)s 没有内容。") % {"name": path.name})
    header = [str(cell or "").strip().lstrip("\ufeff") for cell in rows[0]]
    unknown = [name for name in header if name and name not in columns]
    missing = [name for name in required if name not in header]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(_("缺少列：") + "、".join(missing))
        if unknown:
            parts.append(_("无法识别的列：") + "、".join(unknown))
        raise ValidationFailed(
            "bad_header", "；".join(parts) + _("。应有的列：") + ", ".join(columns) + "。"
        )
    result = []
    for number, cells in enumerate(rows[1:], start=2):
        if all(cell in (None, "") or str(cell).strip() == "" for cell in cells):
            continue
        row: dict[str, Any] = {name: None for name in columns}
        for name, cell in zip(header, cells, strict=False):
            if name:
                row[name] = cell.strip() if isinstance(cell, str) else cell
        row["line"] = number
        result.append(row)
    return result


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ValidationFailed(
            "bad_encoding", _("%(name)s 不是 UTF-8 或 GB18030 编码。") % {"name": path.name}
        )
    yield from csv.reader(io.StringIO(text))


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ValidationFailed(
            "bad_file", _("无法读取 Excel 文件 %(name)s：%(exc)s") % {"name": path.name, "exc": exc}
        ) from exc
    for values in book.worksheets[0].iter_rows(values_only=True):
        yield list(values)


def moment(value: Any) -> datetime | None:
    """A time cell: empty → None; ISO 8601 or ``YYYY-MM-DD HH:MM[:SS]``, Asia/Shanghai unless it
    carries an offset; an Excel date-time as it stands, in Asia/Shanghai. Raises ``ValueError``."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=SH)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        for fmt in TIME_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)  # noqa: DTZ007 - Shanghai time, set below
                break
            except ValueError:
                continue
        else:
            raise ValueError(text) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SH)
