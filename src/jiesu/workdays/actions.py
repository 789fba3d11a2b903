"""Verbs that write the working-day calendar. Each runs in one transaction and drops the cached
calendar on commit (other processes notice through the loader's table signature)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed
from jiesu.workdays import loader
from jiesu.workdays.choices import DaySource, kind_for
from jiesu.workdays.models import CalendarDay
from jiesu.workdays.sources import (
    NAME_MAX_LENGTH,
    DaySpec,
    chinese_calendar_days,
    chinese_calendar_years,
    parse_import_file,
)

_WRITTEN_FIELDS = ["is_workday", "kind", "name", "source", "updated_at"]


def seed_year(year: int, *, overwrite: bool = False) -> int:
    """Fill every day of ``year`` from chinese-calendar; returns how many days were written.

    Days already in the table with the same values are left untouched. Days that came from an
    import or an administrator's edit are kept unless ``overwrite`` is true: a deliberate local
    change wins over the package. A year chinese-calendar does not know raises
    ValidationFailed("calendar_year_unavailable").
    """
    specs = chinese_calendar_days(year)
    with transaction.atomic():
        existing = CalendarDay.objects.select_for_update().in_bulk(
            [spec.day for spec in specs], field_name="day"
        )
        todo = [
            spec
            for spec in specs
            if _differs(existing.get(spec.day), spec, DaySource.SEED)
            and (overwrite or _may_seed(existing.get(spec.day)))
        ]
        _upsert(todo, DaySource.SEED)
        transaction.on_commit(loader.invalidate)
    return len(todo)


def seed_available_years(
    years: Iterable[int] | None = None, *, overwrite: bool = False
) -> list[int]:
    """Seed every year chinese-calendar knows (or the given ones); returns the years seeded."""
    chosen = sorted(set(years)) if years is not None else chinese_calendar_years()
    with transaction.atomic():
        for year in chosen:
            seed_year(year, overwrite=overwrite)
    return chosen


def import_days(path_or_file: str | os.PathLike[str] | IO[Any]) -> int:
    """Import a CSV ``date,is_workday,name``; returns the number of days written.

    The whole file is validated before anything is written (see `sources.parse_import_file`),
    then every row is upserted in one transaction; a bad file changes nothing.
    """
    specs = parse_import_file(path_or_file)
    with transaction.atomic():
        _upsert(specs, DaySource.IMPORT)
        transaction.on_commit(loader.invalidate)
    return len(specs)


def set_day(day: date, is_workday: bool, name: str = "") -> CalendarDay:
    """Set one day as an administrator (kind is derived from the weekday and the name)."""
    if isinstance(day, datetime) or not isinstance(day, date):
        raise ValidationFailed("invalid_calendar_day", _("日期无效：%(day)s") % {"day": repr(day)})
    name = (name or "").strip()
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationFailed(
            "invalid_calendar_day",
            _("节日名称不能超过 %(NAME_MAX_LENGTH)s 个字") % {"NAME_MAX_LENGTH": NAME_MAX_LENGTH},
            day=day.isoformat(),
        )
    with transaction.atomic():
        row, _created = CalendarDay.objects.update_or_create(
            day=day,
            defaults={
                "is_workday": bool(is_workday),
                "kind": kind_for(day, bool(is_workday), name),
                "name": name,
                "source": DaySource.ADMIN,
            },
        )
        transaction.on_commit(loader.invalidate)
    return row


def _may_seed(row: CalendarDay | None) -> bool:
    return row is None or row.source == DaySource.SEED


def _differs(row: CalendarDay | None, spec: DaySpec, source: str) -> bool:
    if row is None:
        return True
    return (row.is_workday, row.kind, row.name, row.source) != (
        spec.is_workday,
        spec.kind,
        spec.name,
        source,
    )


def _upsert(specs: list[DaySpec], source: str) -> None:
    """Insert or update rows by day in bulk; ``updated_at`` is set explicitly (the loader's
    signature relies on it, and bulk paths skip auto_now on update)."""
    if not specs:
        return
    now = timezone.now()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(
                day=spec.day,
                is_workday=spec.is_workday,
                kind=spec.kind,
                name=spec.name,
                source=source,
                updated_at=now,
            )
            for spec in specs
        ],
        update_conflicts=True,
        unique_fields=["day"],
        update_fields=_WRITTEN_FIELDS,
        batch_size=500,
    )
