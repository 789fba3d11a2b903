"""Reading a sheet of accounts: CSV (UTF-8, with or without BOM) or Excel (.xlsx), one header
row naming the columns username, name, role, unit, phone (or 用户名, 姓名, 角色, 单位, 手机号)."""

from __future__ import annotations

import csv
from pathlib import Path

from django.utils.translation import gettext as _

from jiesu.accounts.actions import AccountData
from jiesu.accounts.sheet_columns import COLUMNS
from jiesu.core.errors import ValidationFailed


def _rows(path: Path) -> list[list[str]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        return [
            ["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [[v.strip() for v in row] for row in csv.reader(f)]
    raise ValidationFailed(
        "unsupported_file", _("只支持 .csv 或 .xlsx 文件：%(name)s。") % {"name": path.name}
    )


def read_accounts(path: Path) -> list[AccountData]:
    rows = _rows(path)
    if not rows:
        raise ValidationFailed("empty_file", _("%(name)s 是空文件。") % {"name": path.name})
    header = [COLUMNS.get(h.lower() if h.isascii() else h, "") for h in rows[0]]
    if "username" not in header or "role" not in header:
        raise ValidationFailed(
            "missing_columns", _("表头须有 username（用户名）和 role（角色）两列。")
        )
    accounts = []
    for row in rows[1:]:
        if not any(row):
            continue
        values = {key: row[i] if i < len(row) else "" for i, key in enumerate(header) if key}
        accounts.append(AccountData(**values))
    return accounts
