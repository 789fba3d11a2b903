"""Parsing user input for working-day arithmetic (shared by the CLI and the API)."""

from __future__ import annotations

import re
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import ValidationFailed
from jiesu.core.inputs import check_year
from jiesu.workdays.calendar import SHANGHAI

MAX_WORKING_DAYS = 366
_DATE_PART = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_EXAMPLE = gettext_lazy("例如 2025-09-26T15:00 或 2025-09-26T15:00:00+08:00")


def parse_start(text: str) -> datetime:
    """An ISO 8601 datetime; without an offset it is read as Asia/Shanghai wall time.

    Raises ValidationFailed("invalid_datetime") with a Chinese message, telling an impossible
    date (2025-02-30) apart from a malformed one.
    """
    raw = (text or "").strip()
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        match = _DATE_PART.match(raw)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                datetime(year, month, day)  # noqa: DTZ001 - only checks that the date exists
            except ValueError:
                raise ValidationFailed(
                    "invalid_datetime",
                    _("日期不存在：“%(raw)s”（%(year)s 年 %(month)s 月没有 %(day)s 日）。")
                    % {"raw": raw, "year": year, "month": month, "day": day},
                    value=raw,
                ) from None
        raise ValidationFailed(
            "invalid_datetime",
            _("无法识别的时间：“%(raw)s”，请使用 ISO 8601 格式，%(EXAMPLE)s。")
            % {"raw": raw, "EXAMPLE": _EXAMPLE},
            value=raw,
        ) from None
    check_year(value, field="start")  # before any time-zone arithmetic can overflow
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value.astimezone(SHANGHAI)


def parse_days(text: str | int) -> int:
    """A whole number of working days, 0…366. Raises ValidationFailed("invalid_working_days")."""
    if isinstance(text, bool):
        raise ValidationFailed("invalid_working_days", _("工作日数必须是整数。"), value=str(text))
    if isinstance(text, int):
        value = text
    else:
        raw = (text or "").strip()
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise ValidationFailed(
                "invalid_working_days",
                _("工作日数必须是整数，实际为“%(raw)s”。") % {"raw": raw},
                value=raw,
            )
        value = int(raw)
    if not 0 <= value <= MAX_WORKING_DAYS:
        raise ValidationFailed(
            "invalid_working_days",
            _("工作日数必须在 0 到 %(MAX_WORKING_DAYS)s 之间，实际为 %(days)s。")
            % {"MAX_WORKING_DAYS": MAX_WORKING_DAYS, "days": value},
            value=str(value),
        )
    return value
