"""Where calendar data comes from: the chinese-calendar package and CSV files.

Pure functions (no database): they turn a source into a list of `DaySpec`; `actions` writes them.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO, Any

from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed
from jiesu.workdays.choices import DayKind, kind_for
from jiesu.workdays.input_words import FALSE_WORDS, TRUE_WORDS

IMPORT_COLUMNS = ("date", "is_workday", "name")
NAME_MAX_LENGTH = 64
_DATE_PATTERN = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_MAX_REPORTED_ERRORS = 10


@dataclass(frozen=True)
class DaySpec:
    day: date
    is_workday: bool
    kind: DayKind
    name: str = ""


# --- chinese-calendar ---------------------------------------------------------------------


def chinese_calendar_years() -> list[int]:
    """The years the installed chinese-calendar package has data for."""
    import chinese_calendar

    first = min(chinese_calendar.holidays).year
    last = max(max(chinese_calendar.holidays).year, max(chinese_calendar.workdays).year)
    return list(range(first, last + 1))


def chinese_calendar_days(year: int) -> list[DaySpec]:
    """Every day of ``year`` from chinese-calendar; ValidationFailed if it has no data for it."""
    import chinese_calendar

    years = chinese_calendar_years()
    if year not in years:
        raise ValidationFailed(
            "calendar_year_unavailable",
            _(
                "chinese-calendar 没有 %(year)s 年的节假日数据（现有 %(first)s–%(last)s 年）。请在国务院办公厅公布 %(year)s 年放假安排后导入日历文件，或升级 chinese-calendar。"
            )
            % {"year": year, "first": years[0], "last": years[-1]},
            year=year,
        )
    result: list[DaySpec] = []
    day = date(year, 1, 1)
    while day.year == year:
        try:
            resting, english_name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError as exc:  # defensive: the package refuses the date
            raise ValidationFailed(
                "calendar_year_unavailable",
                _("chinese-calendar 无法提供 %(day)s 的数据：%(exc)s")
                % {"day": day.isoformat(), "exc": exc},
                year=year,
            ) from exc
        name = _chinese_holiday_name(english_name)
        is_workday = not resting
        result.append(DaySpec(day, is_workday, kind_for(day, is_workday, name), name))
        day += timedelta(days=1)
    return result


def _chinese_holiday_name(english_name: str | None) -> str:
    if not english_name:
        return ""
    import chinese_calendar

    try:
        return str(chinese_calendar.Holiday(english_name).chinese)
    except ValueError:
        return english_name


# --- CSV import ---------------------------------------------------------------------------


def parse_import_file(path_or_file: str | os.PathLike[str] | IO[Any]) -> list[DaySpec]:
    """Read and validate a whole calendar CSV (header ``date,is_workday,name``).

    ``is_workday`` accepts 1/0/true/false/上班/休息; ``name`` may be empty or left out; dates are
    ISO (2025-10-01; 2025/10/1 as Excel writes it is accepted too). UTF-8 (with or without BOM)
    and GB18030 files are read. Any bad line → ValidationFailed("calendar_import_invalid") naming
    the line numbers; nothing is returned in part.
    """
    text = _read_text(path_or_file)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        raise _invalid(_("日历文件为空：第 1 行应为表头 date,is_workday,name。"))
    columns = [cell.strip().lower() for cell in header]
    unknown = [c for c in columns if c not in IMPORT_COLUMNS]
    missing = [c for c in ("date", "is_workday") if c not in columns]
    if unknown or missing or len(set(columns)) != len(columns):
        raise _invalid(
            _("第 1 行表头应为 date,is_workday,name（name 可省略），实际为：%(header)s。")
            % {"header": ",".join(header)},
            line=1,
        )
    index = {column: position for position, column in enumerate(columns)}

    specs: list[DaySpec] = []
    errors: list[tuple[int, str]] = []
    seen: dict[date, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        try:
            spec = _parse_row(row, index)
        except _RowError as exc:
            errors.append((line, str(exc)))
            continue
        if spec.day in seen:
            errors.append(
                (
                    line,
                    _("日期 %(day)s 与第 %(seen)s 行重复")
                    % {"day": spec.day.isoformat(), "seen": seen[spec.day]},
                )
            )
            continue
        seen[spec.day] = line
        specs.append(spec)

    if errors:
        shown = "；".join(
            _("第 %(line)s 行：%(message)s") % {"line": line, "message": message}
            for line, message in errors[:_MAX_REPORTED_ERRORS]
        )
        more = (
            _("；另有 %(more)s 处错误") % {"more": len(errors) - _MAX_REPORTED_ERRORS}
            if len(errors) > _MAX_REPORTED_ERRORS
            else ""
        )
        raise _invalid(
            _("日历文件有误，未导入任何数据。%(shown)s%(more)s。") % {"shown": shown, "more": more},
            line=errors[0][0],
            errors=[{"line": line, "message": message} for line, message in errors],
        )
    if not specs:
        raise _invalid(_("日历文件没有数据行，未导入任何数据。"))
    return specs


class _RowError(Exception):
    pass


def _parse_row(row: list[str], index: dict[str, int]) -> DaySpec:
    def cell(column: str) -> str:
        position = index.get(column)
        if position is None or position >= len(row):
            return ""
        return row[position].strip()

    if len(row) > len(index):
        raise _RowError(
            _("列数多于表头（%(n_row)s 列，应为 %(n_index)s 列）")
            % {"n_row": len(row), "n_index": len(index)}
        )
    raw_date = cell("date")
    day = _parse_date(raw_date)
    raw_flag = cell("is_workday")
    flag = raw_flag.lower()
    if flag in TRUE_WORDS:
        is_workday = True
    elif flag in FALSE_WORDS:
        is_workday = False
    else:
        raise _RowError(
            _("is_workday 应为 1/0/true/false/上班/休息，实际为“%(raw_flag)s”")
            % {"raw_flag": raw_flag}
        )
    name = cell("name")
    if len(name) > NAME_MAX_LENGTH:
        raise _RowError(
            _("名称超过 %(NAME_MAX_LENGTH)s 个字") % {"NAME_MAX_LENGTH": NAME_MAX_LENGTH}
        )
    return DaySpec(day, is_workday, kind_for(day, is_workday, name), name)


def _parse_date(raw: str) -> date:
    match = _DATE_PATTERN.match(raw)
    if not match:
        raise _RowError(_("日期格式应为 YYYY-MM-DD，实际为“%(raw)s”") % {"raw": raw})
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise _RowError(_("日期“%(raw)s”不存在") % {"raw": raw}) from None


def _read_text(path_or_file: str | os.PathLike[str] | IO[Any]) -> str:
    if isinstance(path_or_file, str | os.PathLike):
        try:
            with open(path_or_file, "rb") as handle:
                data: str | bytes = handle.read()
        except OSError as exc:
            raise _invalid(
                _("无法读取日历文件 %(path)s：%(error)s")
                % {"path": os.fspath(path_or_file), "error": exc.strerror or exc}
            ) from exc
    else:
        data = path_or_file.read()
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _invalid(_("日历文件编码无法识别，请另存为 UTF-8 编码的 CSV。"))


def _invalid(message: str, **details: Any) -> ValidationFailed:
    return ValidationFailed("calendar_import_invalid", message, **details)
