"""The week's matters (热点): tickets of a period clustered by what they are about, each with a
label, its category and region, its tickets, a heat score and a trend flag (docs/intelligence.md)."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed
from jiesu.core.inputs import check_year
from jiesu.intelligence import clustering
from jiesu.intelligence.models import HistoryRecord
from jiesu.tickets.models import Ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")


def hotspots(start: datetime, end: datetime, *, limit: int = 20) -> dict[str, Any]:
    """Matters of tickets taken in within [start, end), hottest first.

    heat = tickets + 2 × growth (tickets in the period's second half beyond its first half,
    never negative) + repeated calls (tickets beyond distinct callers) + ln(1 + likes).
    A matter is rising (趋势性) when its second half has at least 3 tickets and at least twice
    its first half. At most ``JIESU_HOTSPOT_MAX_TICKETS`` tickets (the newest) are read."""
    cap = settings.JIESU_HOTSPOT_MAX_TICKETS
    rows = list(
        Ticket.objects.filter(created_at__gte=start, created_at__lt=end, primary__isnull=True)
        .order_by("-created_at", "-id")
        .annotate(head=Substr("content", 1, clustering.CONTENT_CHARS))
        .values_list(
            "id",
            "number",
            "subject",
            "head",
            "category__name",
            "region__name",
            "caller_phone",
            "created_at",
        )[:cap]
    )
    rows.reverse()
    history = {
        ticket_id: (source_id, support)
        for ticket_id, source_id, support in HistoryRecord.objects.filter(
            ticket_id__in=[r[0] for r in rows]
        ).values_list("ticket_id", "source_id", "support")
    }
    middle = start + (end - start) / 2
    texts = clustering.texts([r[2] for r in rows], [r[3] for r in rows])
    matters: list[dict[str, Any]] = []
    for members in clustering.groups(texts):
        picked = [rows[i] for i in members]
        early = sum(1 for r in picked if r[7] < middle)
        late = len(picked) - early
        callers = {r[6] for r in picked if r[6]}
        repeats = max(0, sum(1 for r in picked if r[6]) - len(callers))
        likes = sum(history.get(r[0], ("", 0))[1] for r in picked)
        growth = max(0, late - early)
        heat = len(picked) + 2 * growth + repeats + math.log1p(likes)
        label = rows[clustering.central(members, texts.x)][2]
        matters.append(
            {
                "label": label[:60],
                "category": _most_common(r[4] for r in picked),
                "region": _most_common(r[5] for r in picked),
                "count": len(picked),
                "callers": len(callers),
                "likes": likes,
                "first_half": early,
                "second_half": late,
                "heat": round(heat, 1),
                "rising": late >= 3 and late >= 2 * early,
                "tickets": [
                    {
                        "number": r[1],
                        "source_id": history.get(r[0], ("", 0))[0],
                        "subject": r[2],
                        "created_at": timezone.localtime(r[7]).isoformat(),
                    }
                    for r in picked
                ],
            }
        )
    matters.sort(key=lambda m: (-m["heat"], m["label"]))
    return {
        "from": timezone.localtime(start).isoformat(),
        "to": timezone.localtime(end).isoformat(),
        "tickets": len(rows),
        "truncated": len(rows) == cap,
        "matters": matters[:limit],
    }


def _most_common(values) -> str:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else ""


def period(start: str | None, end: str | None, *, today: date) -> tuple[datetime, datetime]:
    """``from`` and ``to`` as days (YYYY-MM-DD, both included) → [from 00:00, to+1 00:00) in
    Asia/Shanghai; the last 7 days up to ``today`` when left out."""
    try:
        last = date.fromisoformat(end) if end else today
        first = date.fromisoformat(start) if start else last - timedelta(days=6)
    except ValueError as exc:
        raise ValidationFailed(
            "invalid_date", _("日期格式应为 YYYY-MM-DD。"), field="from"
        ) from exc
    check_year(first, field="from")
    check_year(last, field="to")
    if first > last or (last - first).days > 366:
        raise ValidationFailed("invalid_period", _("起止日期不正确（起始不晚于截止，至多一年）。"))
    return _midnight(first), _midnight(last + timedelta(days=1))


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
