"""Suggestions while a call is taken: the category and units (from the trained model, the
catalogue's routes and what units answered in history), tickets on the same matter (一事多人),
the caller's earlier tickets on it (一人多次), and the C-class / merge proposal they make."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from jiesu.catalogue.models import Category, Route
from jiesu.catalogue.queries import most_specific_route
from jiesu.core.errors import ValidationFailed
from jiesu.core.tablecache import TableCache
from jiesu.intelligence import matching, matterindex, store
from jiesu.intelligence.models import MatterKey
from jiesu.intelligence.similarity import cosines
from jiesu.intelligence.text import bigrams, jaccard
from jiesu.organisation.models import Region, Unit
from jiesu.tickets.actions import intake_lookups
from jiesu.tickets.choices import TicketStatus
from jiesu.tickets.models import Ticket

#: how many candidates of the index are compared exactly, and how many are shown
_CANDIDATES = 30
#: the newest tickets read per band key of a call (its candidates for the same matter)
_PER_KEY = 50
_SHOWN = 5
_OPEN = [
    TicketStatus.ACCEPTED,
    TicketStatus.DISPATCHED,
    TicketStatus.REPLIED,
    TicketStatus.REHANDLING,
]


#: the catalogue's routes, held in the process like intake's reference rows (the units' names
#: come from ``intake_lookups.units``; decisions 0050 and 0065): a suggestion may lag a route
#: changed in another process by ``tablecache.MAX_AGE`` seconds; dispatch itself still reads
#: the routes from the database
_routes = TableCache(
    lambda: Route.objects.select_related("main_unit").prefetch_related("assist_units"),
    "pk",
    watch=(Route, Unit, Category),
)


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


#: below this a further category is not offered (it would read 0 %)
_CATEGORY_FLOOR = 0.01


def _category(label: str) -> Category | None:
    """The active category a label names, by code, else by name (the lowest code); from the
    process's copy of the catalogue, so a label that names nothing costs no query."""
    rows = intake_lookups.categories.rows()
    if label in rows:
        return rows[label]
    return min((c for c in rows.values() if c.name == label), key=lambda c: c.code, default=None)


#: a category's routes by region id (``None``: city-wide), for every category with a route
RouteTable = dict[int, dict[int | None, Route]]


def _route_table() -> RouteTable:
    """The process's routes laid out once per suggestion, not once per category asked."""
    table: RouteTable = defaultdict(dict)
    for route in _routes.rows().values():
        table[route.category_id][route.region_id] = route
    return table


def _route(table: RouteTable, category: Category, region: Region | None) -> Route | None:
    return most_specific_route(lambda cat: table.get(cat.pk, {}), category, region)


def _routes_below(table: RouteTable, category: Category, region: Region | None) -> list[Route]:
    """The routes of a category's subcategories in the region, one per subcategory: for a
    label with no route of its own (a top-level category such as 环境保护, as legacy exports
    often label), a subcategory without a route answering with its own subcategories."""
    found = []
    for child in intake_lookups.categories.rows().values():
        if child.parent_id == category.pk:
            route = _route(table, child, region)
            found += [route] if route is not None else _routes_below(table, child, region)
    return found


def categories_and_units(call: Call) -> tuple[list[dict], list[dict], str]:
    bundle = store.active_bundle()
    if bundle is None:
        return [], [], store.problem()
    # the classifier computes its features by hand and needs no sklearn at prediction
    ranked = bundle["classifier"].rank(f"{call.subject} {call.content}", top=3)
    # the best always; the others only if they read at least 1 %: a 0 % chip is no choice
    ranked = ranked[:1] + [(label, p) for label, p in ranked[1:] if p >= _CATEGORY_FLOOR]
    found_by_label = {label: _category(label) for label, _ in ranked}
    categories = []
    for label, confidence in ranked:
        found = found_by_label[label]
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

    table = _route_table()
    for label, confidence in ranked[:2]:
        found = found_by_label[label]
        route = _route(table, found, call.region) if found else None
        if route is not None:
            offer(route.main_unit.code, confidence, "catalogue")
            for unit in route.assist_units.all():
                offer(unit.code, confidence * 0.5, "catalogue_assist")
        elif found is not None:
            below = Counter(r.main_unit.code for r in _routes_below(table, found, call.region))
            for code, routed in below.items():
                offer(code, confidence * routed / below.total(), "catalogue_children")
        for code, share in bundle["units"].get(found.code if found else label, []):
            offer(code, confidence * share, "history")
    names = intake_lookups.units.rows()
    floor = settings.JIESU_SUGGEST_UNIT_MIN_CONFIDENCE
    likely = (u for u in units.values() if u["confidence"] >= floor)
    shown = sorted(likely, key=lambda u: -u["confidence"])[:_SHOWN]
    return (
        categories,
        [{**u, "name": names[u["code"]].name if u["code"] in names else u["code"]} for u in shown],
        "",
    )


def _ago(then: datetime, now: datetime) -> str:
    days = (now - then).days
    return _("今天") if days <= 0 else _("%(days)s天前") % {"days": days}


@cache
def _candidates_sql(keys: int, excluded: bool) -> str:
    """The latest tickets sharing each band key with the call in the window: one short range of
    the (key, created_at) index per key, newest first, at most ``_PER_KEY`` each — bounded
    however many tickets a matter has (a matter with thousands of calls read thousands of rows
    before). Written once per key count (decision 0065); parameters: per key, the key, the
    window's start and end (and the ticket left out)."""
    q = connection.ops.quote_name
    one = (
        f"SELECT * FROM (SELECT {q('ticket_id')} FROM {q(MatterKey._meta.db_table)} "
        f"WHERE {q('key')} = %s AND {q('created_at')} >= %s AND {q('created_at')} <= %s"
        + (f" AND {q('ticket_id')} <> %s" if excluded else "")
        + f" ORDER BY {q('created_at')} DESC LIMIT {_PER_KEY}) k{{}}"
    )
    return " UNION ALL ".join(one.format(i) for i in range(keys))


@cache
def _tickets_sql(count: int) -> str:
    q = connection.ops.quote_name
    columns = ", ".join(
        q(c)
        for c in ("number", "subject", "region_id", "address", "caller_phone", "status")
        + ("created_at", "primary_id")
    )
    marks = ", ".join(["%s"] * count)
    return (
        f"SELECT {columns}, SUBSTR({q('content')}, 1, {matching.CONTENT_CHARS}) "
        f"FROM {q(Ticket._meta.db_table)} WHERE {q('id')} IN ({marks})"
    )


def _aware(value: datetime | str) -> datetime:
    """A timestamp as the database driver returns it, aware (SQLite's are naive UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value) or datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def duplicates(call: Call, now: datetime) -> list[dict]:
    """Open or recent tickets on the same matter: index candidates, scored by the cosine of
    their character 1–3-gram TF-IDF (``similarity``, decision 0109). Tickets whose keys an
    older release wrote are not found until ``jiesu matters reindex`` (``matterindex``)."""
    text = matching.matter_text(call.subject, call.content)
    keys = matching.band_keys(bigrams(text))
    if not keys:
        return []
    matterindex.problem()  # logs, at most every MAX_AGE seconds, that older keys remain
    adapt = connection.ops.adapt_datetimefield_value
    since = now - timedelta(days=settings.JIESU_DUPLICATE_DAYS)
    window = [adapt(since), adapt(now)] + ([call.ticket_id] if call.ticket_id is not None else [])
    params = [value for key in keys for value in (key, *window)]
    with connection.cursor() as cursor:
        cursor.execute(_candidates_sql(len(keys), call.ticket_id is not None), params)
        hits = Counter(row[0] for row in cursor.fetchall())
        ids = [i for i, _ in hits.most_common(_CANDIDATES)]
        if not ids:
            return []
        cursor.execute(_tickets_sql(len(ids)), ids)
        fetched = cursor.fetchall()
    regions = intake_lookups.regions.rows().values()
    region_names = {r.pk: r.name for r in regions}
    rows = (
        (n, s, h, rid, region_names.get(rid, ""), a, ph, st, _aware(at), pr)
        for n, s, rid, a, ph, st, at, pr, h in fetched
    )
    live = [row for row in rows if row[-1] is None]  # merged away: its primary stands for it
    similar = cosines(text, [matching.matter_text(row[1], row[2]) for row in live])
    scored = []
    for row, text_score in zip(live, similar, strict=True):
        number, subject, _head, region_id, region_name, address, phone, status, at, _p = row
        same_region = call.region is not None and region_id == call.region.pk
        same_address = (
            bool(call.address)
            and bool(address)
            and (call.address in address or address in call.address)
        )
        score = min(1.0, text_score + (0.1 if same_region else 0) + (0.15 if same_address else 0))
        if score >= settings.JIESU_DUPLICATE_SIMILARITY:
            match = (text_score, same_address, same_region, region_name, phone, status, at)
            scored.append((round(score, 3), number, subject, match))
    scored.sort(key=lambda row: -row[0])  # the reasons are written for those shown only
    found: list[dict] = []
    for score, number, subject, match in scored[:_SHOWN]:
        text_score, same_address, same_region, region_name, phone, status, at = match
        reason = [_("内容相似度%(percent)s%%") % {"percent": round(text_score * 100)}]
        if same_address:
            reason.append(_("地址相同"))
        elif same_region:
            reason.append(_("同一区域（%(region_name)s）") % {"region_name": region_name})
        reason.append(_("%(ago)s受理") % {"ago": _ago(at, now)})
        reason.append(_("仍在办理") if status in _OPEN else str(TicketStatus(status).label))
        found.append(
            {
                "number": number,
                "subject": subject,
                "similarity": score,
                "reason": "，".join(reason),
                "status": status,
                "open": status in _OPEN,
                "created_at": timezone.localtime(at).isoformat(),
                "_phone": phone,
            }
        )
    return found


@cache
def _earlier_sql() -> str:
    """The phone's newest tickets in the window, written once (decision 0065), served by the
    (caller_phone, created_at) index."""
    q = connection.ops.quote_name
    return (
        f"SELECT {q('number')}, {q('subject')}, "
        f"SUBSTR({q('content')}, 1, {matching.CONTENT_CHARS}), {q('status')}, {q('created_at')} "
        f"FROM {q(Ticket._meta.db_table)} WHERE {q('caller_phone')} = %s "
        f"AND {q('created_at')} >= %s AND {q('created_at')} <= %s AND {q('id')} <> %s "
        f"ORDER BY {q('created_at')} DESC, {q('id')} DESC LIMIT 100"
    )


def repeat_caller(call: Call, now: datetime) -> tuple[list[dict], int]:
    """The same phone's earlier tickets on the same matter, within the repeat window: the newest
    few (listed) and how many there are in all (up to the 100 newest calls read)."""
    if len(call.phone) < 7:
        return [], 0
    grams = matching.shingles(call.subject, call.content)
    adapt = connection.ops.adapt_datetimefield_value
    since = now - timedelta(days=settings.JIESU_REPEAT_CALLER_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(_earlier_sql(), [call.phone, adapt(since), adapt(now), call.ticket_id or 0])
        rows = [(n, s, h, st, _aware(at)) for n, s, h, st, at in cursor.fetchall()]
    found: list[dict] = []
    count = 0
    for number, subject, head, status, at in rows:  # newest first
        score = jaccard(grams, matching.shingles(subject, head))
        if score < settings.JIESU_REPEAT_CALLER_SIMILARITY:
            continue
        count += 1
        if len(found) == _SHOWN:
            continue
        found.append(
            {
                "number": number,
                "subject": subject,
                "similarity": round(score, 3),
                "reason": _("同一来电号码，内容相似度%(percent)s%%，%(ago)s受理")
                % {"percent": round(score * 100), "ago": _ago(at, now)},
                "status": status,
                "open": status in _OPEN,
                "created_at": timezone.localtime(at).isoformat(),
            }
        )
    return found, count


def proposal(
    call: Call, same_matter: list[dict], earlier: list[dict], earlier_count: int
) -> dict | None:
    """≥ N callers on one matter (一事多人) or ≥ M calls of one person (一人多次): propose C
    and a merge into the oldest open ticket; the operator confirms (thresholds are settings)."""
    callers = {d["_phone"] for d in same_matter if d["_phone"]} | (
        {call.phone} if call.phone else set()
    )
    many_callers = len(callers) >= settings.JIESU_MATTER_CALLERS
    many_calls = earlier_count + 1 >= settings.JIESU_MATTER_CALLS
    if not (many_callers or many_calls):
        return None
    pool = (same_matter if many_callers else []) + (earlier if many_calls else [])
    open_ones = sorted((d for d in pool if d["open"]), key=lambda d: (d["created_at"], d["number"]))
    reason = (
        _("一事多人：%(n_callers)s位来电人反映同一事项") % {"n_callers": len(callers)}
        if many_callers
        else _("一人多次：同一来电人第%(times)s次反映同一事项") % {"times": earlier_count + 1}
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
    earlier, earlier_count = repeat_caller(call, now)
    return {
        "categories": categories,
        "units": units,
        "duplicates": [{k: v for k, v in d.items() if k != "_phone"} for d in same_matter],
        "repeat_caller": earlier,
        "proposal": proposal(call, same_matter, earlier, earlier_count),
        "notice": notice,
    }


def call_from(subject: str, content: str, phone: str, region: str | None, address: str) -> Call:
    """What the operator has typed so far; an unfinished phone number is simply not matched."""
    found = None
    if region:
        found = intake_lookups.region(region)
        if found is None:
            raise ValidationFailed(
                "unknown_region",
                _("未知的区域编码：%(region)s。") % {"region": region},
                field="region",
            )
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return Call(subject=subject, content=content, phone=digits, region=found, address=address)
