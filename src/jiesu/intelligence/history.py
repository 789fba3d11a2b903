"""Importing a legacy system's history (CSV or Excel) as closed tickets: a column map, a report
of skipped rows with reasons, all or nothing, and idempotent through the source ids kept on each
imported ticket (``HistoryRecord``). Decision 0024 says why imported tickets are written closed."""

from __future__ import annotations

import csv
import hashlib
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jiesu.catalogue.models import Category
from jiesu.intelligence import matching
from jiesu.intelligence.input_formats import DATE_FORMATS
from jiesu.intelligence.models import HistoryRecord, MatterKey
from jiesu.organisation.choices import RegionLevel
from jiesu.organisation.models import Region
from jiesu.tickets.choices import AppealType, Channel, TicketStatus
from jiesu.tickets.models import Ticket, TicketCounter

FIELDS = [
    "id",
    "subject",
    "detail",
    "text",
    "category",
    "unit",
    "region",
    "caller",
    "submitted_at",
    "reply",
    "replied_at",
    "likes",
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
_FORMATS = DATE_FORMATS
_BATCH = 1000


class ImportFailed(Exception):
    """The file or the options are wrong: nothing was written."""


def parse_map(spec: str) -> dict[str, str]:
    """``id=编号,subject=标题`` → {field: column}; unknown fields are refused."""
    mapping = {}
    for part in filter(None, (p.strip() for p in (spec or "").split(","))):
        name, _sep, column = part.partition("=")
        if name.strip() not in FIELDS or not column.strip():
            raise ImportFailed(
                _("列映射不正确：%(part)s（可用字段：%(fields)s）")
                % {"part": part, "fields": "、".join(FIELDS)}
            )
        mapping[name.strip()] = column.strip()
    return mapping


def read_rows(path: Path) -> tuple[list[str], Iterator[dict[str, Any]]]:
    """The header and the rows of a CSV (UTF-8, with or without BOM, or GB18030) or an Excel
    workbook's first sheet."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
        return header, (dict(zip(header, r, strict=False)) for r in rows)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFailed(_("文件编码无法识别（应为 UTF-8 或 GB18030）。"))
    reader = csv.DictReader(text.splitlines())
    return [h.strip() for h in reader.fieldnames or []], iter(reader)


def parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=SHANGHAI)
    text = str(value or "").strip()
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=SHANGHAI)
        except ValueError:
            continue
    return None


@dataclass
class Report:
    read: int = 0
    imported: int = 0
    already: int = 0
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, source id, reason)
    created_categories: list[str] = field(default_factory=list)
    uncategorised: int = 0  # imported rows whose category is not in the catalogue
    without_category: int = 0  # imported rows whose category cell is empty

    def reasons(self) -> Counter[str]:
        return Counter(reason for _line, _id, reason in self.skipped)


@dataclass
class Options:
    mapping: dict[str, str]
    source: str = "legacy"
    category_map: dict[str, str] = field(default_factory=dict)  # legacy name → category code
    create_categories: bool = False
    region: str | None = None  # for rows without a (known) region
    channel: str = Channel.PHONE
    appeal_type: str = AppealType.COMPLAINT


class _Catalogue:
    """Legacy category names → categories: the mapping file, then code or name, then (when the
    administrator asked for it) a new top-level category."""

    def __init__(self, options: Options, report: Report):
        self.options, self.report = options, report
        self.known = {c.code: c for c in Category.objects.all()}
        self.by_name = {c.name: c for c in self.known.values()}
        self.memo: dict[str, Category | None] = {}

    def __call__(self, name: str) -> Category | None:
        if not name:
            return None
        if name not in self.memo:
            code = self.options.category_map.get(name)
            found = self.known.get(code) if code else self.known.get(name) or self.by_name.get(name)
            if found is None and code:
                raise ImportFailed(
                    _("类别映射指向不存在的编码：%(name)s → %(code)s")
                    % {"name": name, "code": code}
                )
            if found is None and self.options.create_categories:
                code = "imported-" + (slugify(name) or hashlib.sha1(name.encode()).hexdigest()[:10])
                found = Category.objects.create(code=code, name=name[:100])
                self.known[code] = found
                self.report.created_categories.append(name)
            self.memo[name] = found
        return self.memo[name]


def _regions(default: str | None) -> tuple[dict[str, Region], Region]:
    regions = list(Region.objects.all())
    index = {r.code: r for r in regions} | {r.name: r for r in regions}
    if default:
        if default not in index:
            raise ImportFailed(_("未知的区域：%(default)s") % {"default": default})
        return index, index[default]
    city = next((r for r in regions if r.level == RegionLevel.CITY), None)
    if city is None:
        raise ImportFailed(_("尚未配置行政区域：请先建立区域或用 --region 指定。"))
    return index, city


def _numbers(days: Counter[date]) -> dict[date, Iterator[int]]:
    """Reserve ``n`` ticket numbers per day in one statement per day (the intake counter)."""
    table = connection.ops.quote_name(TicketCounter._meta.db_table)
    sql = (
        f"INSERT INTO {table} (day, last) VALUES (%s, %s) "
        f"ON CONFLICT (day) DO UPDATE SET last = {table}.last + %s RETURNING last"
    )
    out = {}
    with connection.cursor() as cursor:
        for day, n in days.items():
            cursor.execute(sql, [day, n, n])
            (last,) = cursor.fetchone()
            out[day] = iter(range(last - n + 1, last + 1))
    return out


def _text(row: dict[str, Any], column: str | None) -> str:
    value = row.get(column) if column else None
    return "" if value is None else str(value).strip()


_SUBJECT_END = re.compile(r"[。！？!?；;\n]")


def import_history(
    path: Path, options: Options, *, progress: Callable[[Iterable], Iterable] = lambda rows: rows
) -> Report:
    """Read, check and write every row in one transaction: an error rolls everything back."""
    m = options.mapping
    if "text" not in m and not {"subject", "detail"} & set(m):
        raise ImportFailed(_("须映射 text，或 subject 与 detail（至少其一）。"))
    if "submitted_at" not in m:
        raise ImportFailed(_("须映射 submitted_at（受理时间）。"))
    header, rows = read_rows(path)
    missing = [f"{k}={c}" for k, c in m.items() if c not in header]
    if missing:
        raise ImportFailed(_("文件中没有这些列：") + "，".join(missing))
    report = Report()
    with transaction.atomic():
        catalogue = _Catalogue(options, report)
        regions, default_region = _regions(options.region)
        done = set(
            HistoryRecord.objects.filter(source=options.source).values_list("source_id", flat=True)
        )
        prepared: list[tuple[Ticket, HistoryRecord]] = []
        seen: set[str] = set()
        for line, row in enumerate(progress(rows), start=2):
            report.read += 1
            item = _prepare(row, line, options, catalogue, regions, default_region, report)
            if item is None:
                continue
            ticket, record, category_name = item
            if record.source_id in done:
                report.already += 1
                continue
            if record.source_id in seen:
                report.skipped.append((line, record.source_id, _("文件内重复编号")))
                continue
            seen.add(record.source_id)
            prepared.append((ticket, record))
            if ticket.category is None and "category" in m:
                if category_name:
                    report.uncategorised += 1
                else:
                    report.without_category += 1
        days = Counter(t.created_at.astimezone(SHANGHAI).date() for t, _record in prepared)
        numbers = _numbers(days)
        for ticket, _record in prepared:
            day = ticket.created_at.astimezone(SHANGHAI).date()
            ticket.number = f"{day:%Y%m%d}-{next(numbers[day]):06d}"
        for start in range(0, len(prepared), _BATCH):
            chunk = prepared[start : start + _BATCH]
            Ticket.objects.bulk_create([t for t, _record in chunk])
            for ticket, record in chunk:
                record.ticket = ticket
            HistoryRecord.objects.bulk_create([r for _key, r in chunk])
            MatterKey.objects.bulk_create(
                [
                    MatterKey(key=k, ticket_id=t.pk, created_at=t.created_at)
                    for t, _record in chunk
                    for k in matching.band_keys(matching.shingles(t.subject, t.content))
                ]
            )
        report.imported = len(prepared)
    return report


def _prepare(row, line, options, catalogue, regions, default_region, report):
    m = options.mapping
    text = _text(row, m.get("text"))
    subject, detail = _text(row, m.get("subject")), _text(row, m.get("detail"))
    content = detail or text or subject
    if not subject:
        subject = _SUBJECT_END.split(text or content, maxsplit=1)[0][:40]
    source_id = _text(row, m.get("id"))
    if not source_id:  # no id column: the row's own fingerprint keeps re-imports idempotent
        source_id = hashlib.sha1(
            f"{subject}\x00{content}\x00{_text(row, m['submitted_at'])}".encode()
        ).hexdigest()[:32]

    def skip(reason: str) -> None:
        report.skipped.append((line, source_id, reason))

    if not content.strip():
        return skip(_("没有诉求内容"))
    at = parse_time(row.get(m["submitted_at"]))
    if at is None:
        return skip(_("受理时间无法识别"))
    if len(source_id) > 80:
        return skip(_("原系统编号超过80个字"))
    category_name = _text(row, m.get("category"))
    category = catalogue(category_name)
    region = regions.get(_text(row, m.get("region"))) or default_region
    phone = re.sub(r"\D", "", _text(row, m.get("caller")))[:20]
    reply = _text(row, m.get("reply"))
    likes = _text(row, m.get("likes")).split(".")[0]
    replied_at = parse_time(row.get(m["replied_at"])) if m.get("replied_at") else None
    ticket = Ticket(
        query_code=f"{secrets.randbelow(10**6):06d}",
        channel=options.channel,
        caller_phone=phone,
        anonymous=not phone,
        subject=subject[:200],
        content=content[:20000],
        appeal_type=options.appeal_type,
        region=region,
        category=category,
        status=TicketStatus.CLOSED,  # history is recorded as it ended, not replayed (0024)
        answer=reply,
        created_at=at,
        closed_at=replied_at or at,
    )
    record = HistoryRecord(
        source=options.source,
        source_id=source_id,
        unit_name=_text(row, m.get("unit"))[:200],
        reply=reply,
        replied_at=replied_at,
        support=int(likes) if likes.isdigit() else 0,
    )
    return ticket, record, category_name
