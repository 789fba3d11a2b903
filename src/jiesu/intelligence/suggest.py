"""Suggestions while a call is taken: the category and units (from the trained model, the
catalogue's routes and what units answered in history), tickets on the same matter (一事多人),
the caller's earlier tickets on it (一人多次), and the C-class / merge proposal they make."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Substr
from django.utils import timezone

from jiesu.catalogue.models import Category
from jiesu.catalogue.queries import route_for
from jiesu.core.errors import ValidationFailed
from jiesu.intelligence import matching, store
from jiesu.intelligence.models import MatterKey
from jiesu.intelligence.text import jaccard
from jiesu.organisation.models import Region, Unit
from jiesu.tickets.choices import TicketStatus
from jiesu.tickets.models import Ticket

#: how many candidates of the index are compared exactly, and how many are shown
_CANDIDATES = 30
_SHOWN = 5
_OPEN = [
    TicketStatus.ACCEPTED,
    TicketStatus.DISPATCHED,
    TicketStatus.REPLIED,
    TicketStatus.REHANDLING,
]


@dataclass
class Call:
    subject: str
    content: str
    phone: str = ""
    region: Region | None = None
    address: str = ""
    ticket_id: int | None = None  # the ticket itself, once taken in: never its own duplicate


@cache
def _index_sql(count: int) -> str:
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in ("key", "ticket_id", "created_at"))
    values = ", ".join(["(%s, %s, %s)"] * count)
    return f"INSERT INTO {q(MatterKey._meta.db_table)} ({columns}) VALUES {values}"


def index_ticket(ticket: Ticket) -> None:
    """Write the ticket's band keys (at intake, in its transaction; by the history import): one
    statement written once per key count, not composed per ticket by the ORM (decision 0050)."""
    keys = matching.band_keys(matching.shingles(ticket.subject, ticket.content))
    if not keys:
        return
    at = connection.ops.adapt_datetimefield_value(ticket.created_at)
    params: list = []
    for key in keys:
        params += [key, ticket.pk, at]
    with connection.cursor() as cursor:
        cursor.execute(_index_sql(len(keys)), params)


def _category(label: str) -> Category | None:
    return Category.objects.filter(Q(code=label) | Q(name=label), active=True).first()


def categories_and_units(call: Call) -> tuple[list[dict], list[dict], str]:
    bundle = store.active_bundle()
    if bundle is None:
        return [], [], store.problem()
    ranked = bundle["classifier"].rank(f"{call.subject} {call.content}", top=3)
    categories = []
    for label, confidence in ranked:
        found = _category(label)
        categories.append(
            {
                "code": found.code if found else label,
                "name": found.name if found else label,
                "confidence": confidence,
                "in_catalogue": found is not None,
            }
        )
    units: dict[str, dict[str, Any]] = {}

    def offer(code: str, confidence: float, source: str) -> None:
        if code not in units or units[code]["confidence"] < confidence:
            units[code] = {"code": code, "confidence": round(confidence, 3), "source": source}

    for label, confidence in ranked[:2]:
        found = _category(label)
        route = route_for(found, call.region) if found else None
        if route is not None:
            offer(route.main_unit.code, confidence, "catalogue")
            for unit in route.assist_units.all():
                offer(unit.code, confidence * 0.5, "catalogue_assist")
        for code, share in bundle["units"].get(found.code if found else label, []):
            offer(code, confidence * share, "history")
    names = dict(Unit.objects.filter(code__in=units).values_list("code", "name"))
    shown = sorted(units.values(), key=lambda u: -u["confidence"])[:_SHOWN]
    return categories, [{**u, "name": names.get(u["code"], u["code"])} for u in shown], ""


def _ago(then: datetime, now: datetime) -> str:
    days = (now - then).days
    return "今天" if days <= 0 else f"{days}天前"


def duplicates(call: Call, now: datetime) -> list[dict]:
    """Open or recent tickets on the same matter: index candidates, compared exactly."""
    grams = matching.shingles(call.subject, call.content)
    keys = matching.band_keys(grams)
    if not keys:
        return []
    since = now - timedelta(days=settings.JIESU_DUPLICATE_DAYS)
    candidates = MatterKey.objects.filter(key__in=keys, created_at__gte=since, created_at__lte=now)
    if call.ticket_id is not None:
        candidates = candidates.exclude(ticket_id=call.ticket_id)
    hits = Counter(candidates.values_list("ticket_id", flat=True)[:2000])
    ids = [i for i, _ in hits.most_common(_CANDIDATES)]
    rows = (
        Ticket.objects.filter(pk__in=ids)
        .annotate(head=Substr("content", 1, matching.CONTENT_CHARS))
        .values_list(
            "number",
            "subject",
            "head",
            "region_id",
            "region__name",
            "address",
            "caller_phone",
            "status",
            "created_at",
            "primary_id",
        )
    )
    found: list[dict] = []
    for number, subject, head, region_id, region_name, address, phone, status, at, primary in rows:
        if primary is not None:
            continue  # merged away: its primary stands for it
        text_score = jaccard(grams, matching.shingles(subject, head))
        same_region = call.region is not None and region_id == call.region.pk
        same_address = (
            bool(call.address)
            and bool(address)
            and (call.address in address or address in call.address)
        )
        score = min(1.0, text_score + (0.1 if same_region else 0) + (0.15 if same_address else 0))
        if score < settings.JIESU_DUPLICATE_SIMILARITY:
            continue
        reason = [f"内容相似度{round(text_score * 100)}%"]
        if same_address:
            reason.append("地址相同")
        elif same_region:
            reason.append(f"同一区域（{region_name}）")
        reason.append(f"{_ago(at, now)}受理")
        reason.append("仍在办理" if status in _OPEN else TicketStatus(status).label)
        found.append(
            {
                "number": number,
                "subject": subject,
                "similarity": round(score, 3),
                "reason": "，".join(reason),
                "status": status,
                "open": status in _OPEN,
                "created_at": timezone.localtime(at).isoformat(),
                "_phone": phone,
            }
        )
    found.sort(key=lambda d: -d["similarity"])
    return found[:_SHOWN]


def repeat_caller(call: Call, now: datetime) -> list[dict]:
    """The same phone's earlier tickets on the same matter, within the repeat window."""
    if len(call.phone) < 7:
        return []
    grams = matching.shingles(call.subject, call.content)
    rows = (
        Ticket.objects.filter(
            caller_phone=call.phone,
            created_at__gte=now - timedelta(days=settings.JIESU_REPEAT_CALLER_DAYS),
            created_at__lte=now,
        )
        .exclude(pk=call.ticket_id or 0)
        .order_by("-created_at", "-id")
        .annotate(head=Substr("content", 1, matching.CONTENT_CHARS))
        .values_list("number", "subject", "head", "status", "created_at")[:100]
    )
    found = []
    for number, subject, head, status, at in rows:
        score = jaccard(grams, matching.shingles(subject, head))
        if score >= settings.JIESU_REPEAT_CALLER_SIMILARITY:
            found.append(
                {
                    "number": number,
                    "subject": subject,
                    "similarity": round(score, 3),
                    "reason": f"同一来电号码，内容相似度{round(score * 100)}%，{_ago(at, now)}受理",
                    "status": status,
                    "open": status in _OPEN,
                    "created_at": timezone.localtime(at).isoformat(),
                }
            )
    return found[:_SHOWN]


def proposal(call: Call, same_matter: list[dict], earlier: list[dict]) -> dict | None:
    """≥ N callers on one matter (一事多人) or ≥ M calls of one person (一人多次): propose C
    and a merge into the oldest open ticket; the operator confirms (thresholds are settings)."""
    callers = {d["_phone"] for d in same_matter if d["_phone"]} | (
        {call.phone} if call.phone else set()
    )
    many_callers = len(callers) >= settings.JIESU_MATTER_CALLERS
    many_calls = len(earlier) + 1 >= settings.JIESU_MATTER_CALLS
    if not (many_callers or many_calls):
        return None
    pool = (same_matter if many_callers else []) + (earlier if many_calls else [])
    open_ones = sorted((d for d in pool if d["open"]), key=lambda d: (d["created_at"], d["number"]))
    reason = (
        f"一事多人：{len(callers)}位来电人反映同一事项"
        if many_callers
        else f"一人多次：同一来电人第{len(earlier) + 1}次反映同一事项"
    )
    return {
        "dispatch_class": "C",
        "merge_into": open_ones[0]["number"] if open_ones else None,
        "reason": reason,
    }


def suggest(call: Call, *, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    categories, units, notice = categories_and_units(call)
    same_matter = duplicates(call, now)
    earlier = repeat_caller(call, now)
    return {
        "categories": categories,
        "units": units,
        "duplicates": [{k: v for k, v in d.items() if k != "_phone"} for d in same_matter],
        "repeat_caller": earlier,
        "proposal": proposal(call, same_matter, earlier),
        "notice": notice,
    }


def call_from(subject: str, content: str, phone: str, region: str | None, address: str) -> Call:
    """What the operator has typed so far; an unfinished phone number is simply not matched."""
    found = None
    if region:
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise ValidationFailed("unknown_region", f"未知的区域编码：{region}。", field="region")
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return Call(subject=subject, content=content, phone=digits, region=found, address=address)
