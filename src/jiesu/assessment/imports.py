"""Imports that carry a city's records across a platform switch: past assignments (their rates
continue) and call records (the connection rate). Each import is all-or-nothing — every row is
checked first, and one bad row imports none, with a reason for each bad row — and re-running the
same file changes nothing (a row already imported with the same values is skipped; one with
different values is refused)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jiesu.assessment import tables
from jiesu.assessment.models import Call, HistoricalAssignment
from jiesu.catalogue.models import Category
from jiesu.core.errors import ValidationFailed
from jiesu.organisation.choices import RegionLevel, UnitKind
from jiesu.organisation.models import Region, Unit
from jiesu.tickets import deadlines
from jiesu.tickets.choices import AppealType, AssignmentRole, CallbackResult

ASSIGNMENT_COLUMNS = (
    "ticket_number",
    "subject",
    "content",
    "appeal_type",
    "region",
    "category",
    "unit",
    "role",
    "dispatched_at",
    "signed_at",
    "replied_at",
    "reply_approved_at",
    "callback_result",
    "callback_at",
)
ASSIGNMENT_REQUIRED = ("ticket_number", "appeal_type", "unit", "role", "dispatched_at")
CALL_COLUMNS = ("call_id", "offered_at", "answered_at", "wait_seconds", "platform")
CALL_REQUIRED = ("call_id", "offered_at", "answered_at")
BATCH = 2000

Progress = Callable[[int], None]


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


class ImportRejected(ValidationFailed):
    """One or more rows are bad: nothing was imported."""

    def __init__(self, code: str, result: ImportResult):
        super().__init__(
            code,
            _("共 %(rows)s 行，其中 %(n_rejected)s 行有误，未导入任何数据。")
            % {"rows": result.rows, "n_rejected": len(result.rejected)},
            rejected=[{"line": line, "reason": reason} for line, reason in result.rejected],
        )
        self.result = result


class RowError(Exception):
    pass


def _by_code_or_name(model, *, exclude: dict | None = None) -> dict[str, Any]:
    lookup: dict[str, Any] = {}
    qs = model.objects.all()
    if exclude:
        qs = qs.exclude(**exclude)
    for obj in qs:
        lookup.setdefault(obj.name, obj)
        lookup[obj.code] = obj
    return lookup


def _choice(choices, value: Any, column: str) -> str:
    text = str(value or "").strip()
    for choice_value, label in choices.choices:
        if text in (choice_value, label):
            return choice_value
    allowed = "、".join(choices.values)
    raise RowError(
        _("%(column)s 为“%(text)s”，应为 %(allowed)s 之一（或其中文名）")
        % {"column": column, "text": text, "allowed": allowed}
    )


def _time(row: dict, column: str) -> datetime | None:
    try:
        return tables.moment(row[column])
    except ValueError:
        raise RowError(
            _("%(column)s 为“%(row)s”，应为 ISO 8601 或 YYYY-MM-DD HH:MM[:SS] 的时间")
            % {"column": column, "row": row[column]}
        ) from None


def _not_before(later: datetime | None, earlier: datetime | None, what: str) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise RowError(what)


# --- past assignments -------------------------------------------------------------------------


class _AssignmentRows:
    def __init__(self, *, now: datetime):
        self.now = now
        self.units = {u.code: u for u in Unit.objects.select_related("region")}
        self.regions = _by_code_or_name(Region)
        self.categories = _by_code_or_name(Category)

    def build(self, row: dict) -> HistoricalAssignment:
        number = str(row["ticket_number"] or "").strip()
        if not number:
            raise RowError(_("ticket_number 为空"))
        if len(number) > 40:
            raise RowError(_("ticket_number 超过 40 个字符"))
        appeal_type = _choice(AppealType, row["appeal_type"], "appeal_type")
        role = _choice(AssignmentRole, row["role"], "role")
        unit = self.units.get(str(row["unit"] or "").strip())
        if unit is None:
            raise RowError(_("unit “%(unit)s” 不是已登记的单位编码") % {"unit": row["unit"] or ""})
        if unit.kind == UnitKind.VILLAGE:
            raise RowError(_("%(name)s 是村（社区），不是承办单位（R2）") % {"name": unit.name})
        region = self._optional(self.regions, row["region"], "region", _("区域"))
        category = self._optional(self.categories, row["category"], "category", _("派单目录类别"))
        dispatched_at = _time(row, "dispatched_at")
        if dispatched_at is None:
            raise RowError(_("dispatched_at 为空"))
        signed_at, replied_at = _time(row, "signed_at"), _time(row, "replied_at")
        approved_at, callback_at = _time(row, "reply_approved_at"), _time(row, "callback_at")
        for name, value in [
            ("dispatched_at", dispatched_at),
            ("signed_at", signed_at),
            ("replied_at", replied_at),
            ("reply_approved_at", approved_at),
            ("callback_at", callback_at),
        ]:
            if value is not None and value > self.now:
                raise RowError(_("%(name)s 晚于当前时间") % {"name": name})
        _not_before(signed_at, dispatched_at, _("signed_at 早于 dispatched_at"))
        _not_before(replied_at, dispatched_at, _("replied_at 早于 dispatched_at"))
        _not_before(approved_at, replied_at, _("reply_approved_at 早于 replied_at"))
        _not_before(approved_at, dispatched_at, _("reply_approved_at 早于 dispatched_at"))
        result = str(row["callback_result"] or "").strip()
        if result:
            result = _choice(CallbackResult, result, "callback_result")
        if bool(result) != (callback_at is not None):
            raise RowError(_("callback_result 与 callback_at 须同时填写或同时为空"))
        _not_before(callback_at, dispatched_at, _("callback_at 早于 dispatched_at"))
        try:
            clocks = deadlines.compute(
                dispatched_at=dispatched_at,
                clock_started_at=dispatched_at,
                appeal_type=appeal_type,
                urgent=False,
                category=category,
            )
        except ValidationFailed as exc:  # e.g. a year the calendar cannot place
            raise RowError(exc.message) from None
        return HistoricalAssignment(
            ticket_number=number,
            subject=str(row["subject"] or "")[:200],
            content=str(row["content"] or ""),
            appeal_type=appeal_type,
            region=region,
            category=category,
            unit=unit,
            role=role,
            dispatched_at=dispatched_at,
            sign_deadline=clocks.sign_deadline,
            answer_deadline=clocks.answer_deadline,
            signed_at=signed_at,
            replied_at=replied_at,
            answered_at=approved_at,
            callback_result=result,
            callback_at=callback_at,
            imported_at=self.now,
        )

    @staticmethod
    def _optional(lookup: dict, value: Any, column: str, label: str):
        text = str(value or "").strip()
        if not text:
            return None
        if text not in lookup:
            raise RowError(
                _("%(column)s “%(text)s” 不是已登记的%(label)s（编码或名称）")
                % {"column": column, "text": text, "label": label}
            )
        return lookup[text]


HISTORY_COMPARED = (
    "subject",
    "content",
    "appeal_type",
    "region_id",
    "category_id",
    "sign_deadline",
    "answer_deadline",
    "signed_at",
    "replied_at",
    "answered_at",
    "callback_result",
    "callback_at",
)


def _history_key(a: HistoricalAssignment) -> tuple:
    return (a.ticket_number, a.unit_id, a.role, a.dispatched_at)


def _existing_history(numbers: Iterable[str]) -> dict[tuple, HistoricalAssignment]:
    found: dict[tuple, HistoricalAssignment] = {}
    numbers = sorted(set(numbers))
    for start in range(0, len(numbers), BATCH):
        for a in HistoricalAssignment.objects.filter(
            ticket_number__in=numbers[start : start + BATCH]
        ):
            found[_history_key(a)] = a
    return found


def import_assignments(
    path: Path, *, now: datetime, progress: Progress | None = None
) -> ImportResult:
    """``jiesu history import-assignments FILE``: check every row, then import all or none."""
    rows = tables.read_rows(path, ASSIGNMENT_COLUMNS, required=ASSIGNMENT_REQUIRED)
    builder = _AssignmentRows(now=now)
    result = ImportResult(rows=len(rows))
    built: list[tuple[int, HistoricalAssignment]] = []
    for row in rows:
        try:
            built.append((row["line"], builder.build(row)))
        except RowError as exc:
            result.rejected.append((row["line"], str(exc)))
        if progress:
            progress(1)
    existing = _existing_history(a.ticket_number for _, a in built)
    new = _new_rows(built, existing, _history_key, HISTORY_COMPARED, result)
    _save(HistoricalAssignment, new, result)
    return result


# --- call records -----------------------------------------------------------------------------


def _city_platform() -> Unit | None:
    return (
        Unit.objects.filter(kind=UnitKind.PLATFORM, region__level=RegionLevel.CITY)
        .order_by("code")
        .first()
    )


def _call(row: dict, platforms: dict[str, Unit], default: Unit | None, now: datetime) -> Call:
    call_id = str(row["call_id"] or "").strip()
    if not call_id or len(call_id) > 64:
        raise RowError(_("call_id 为空或超过 64 个字符"))
    offered_at = _time(row, "offered_at")
    if offered_at is None:
        raise RowError(_("offered_at 为空"))
    answered_at = _time(row, "answered_at")
    _not_before(answered_at, offered_at, _("answered_at 早于 offered_at"))
    if max(offered_at, answered_at or offered_at) > now:
        raise RowError(_("时间晚于当前时间"))
    wait = row["wait_seconds"]
    if wait in (None, ""):
        wait_seconds = (
            int((answered_at - offered_at).total_seconds()) if answered_at is not None else None
        )
    else:
        try:
            wait_seconds = int(float(str(wait)))
        except ValueError:
            raise RowError(_("wait_seconds 为“%(wait)s”，应为秒数") % {"wait": wait}) from None
        if wait_seconds < 0:
            raise RowError(_("wait_seconds 不能为负数"))
    code = str(row["platform"] or "").strip()
    platform = platforms.get(code) if code else default
    if platform is None:
        raise RowError(_("platform “%(code)s” 不是12345平台的单位编码") % {"code": code})
    return Call(
        call_id=call_id,
        platform=platform,
        offered_at=offered_at,
        answered_at=answered_at,
        wait_seconds=wait_seconds,
    )


CALL_COMPARED = ("platform_id", "offered_at", "answered_at", "wait_seconds")


def import_calls(path: Path, *, now: datetime, progress: Progress | None = None) -> ImportResult:
    """``jiesu calls import FILE``: call records for the connection rate, all or none."""
    rows = tables.read_rows(path, CALL_COLUMNS, required=CALL_REQUIRED)
    platforms = {u.code: u for u in Unit.objects.filter(kind=UnitKind.PLATFORM)}
    default = _city_platform()
    result = ImportResult(rows=len(rows))
    built: list[tuple[int, Call]] = []
    for row in rows:
        try:
            built.append((row["line"], _call(row, platforms, default, now)))
        except RowError as exc:
            result.rejected.append((row["line"], str(exc)))
        if progress:
            progress(1)
    ids = sorted({c.call_id for _, c in built})
    existing = {}
    for start in range(0, len(ids), BATCH):
        for c in Call.objects.filter(call_id__in=ids[start : start + BATCH]):
            existing[c.call_id] = c
    new = _new_rows(built, existing, lambda c: c.call_id, CALL_COMPARED, result)
    _save(Call, new, result)
    return result


# --- shared ----------------------------------------------------------------------------------


def _new_rows(built, existing, key, compared, result: ImportResult) -> list:
    """The rows not yet imported; an identical one already there is skipped, a different one
    (or the same key twice in the file) is refused."""
    seen: dict[Any, int] = {}
    new = []
    for line, obj in built:
        k = key(obj)
        if k in seen:
            result.rejected.append((line, _("与第 %(seen)s 行重复") % {"seen": seen[k]}))
            continue
        seen[k] = line
        old = existing.get(k)
        if old is None:
            new.append(obj)
        elif all(getattr(old, name) == getattr(obj, name) for name in compared):
            result.unchanged += 1
        else:
            result.rejected.append((line, _("此前已导入同一记录，但内容不同；请核对后单独处理")))
    return new


def _save(model, new: list, result: ImportResult) -> None:
    if result.rejected:
        result.rejected.sort()
        raise ImportRejected("import_rejected", result)
    with transaction.atomic():
        model.objects.bulk_create(new, batch_size=BATCH)
    result.created = len(new)
