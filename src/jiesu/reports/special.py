"""Special reports (专报) on a chosen matter — the "每月一题" topic: the tickets of a category, a
region and/or keywords in a period, their trend, their regions and categories, the units that
handled them and how, and the tickets themselves. Frozen as data when made (decision 0041)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.assessment.choices import AssignmentFigure
from jiesu.assessment.rates import CALLBACK_FIGURES, EXCLUDED_STATUSES, assignment_figures
from jiesu.catalogue.models import Category
from jiesu.core.errors import ValidationFailed
from jiesu.organisation.models import Region
from jiesu.reports import figures, queries
from jiesu.tickets.choices import AssignmentRole
from jiesu.tickets.models import Assignment, Callback, Ticket

FORMAT = 1
MAX_TICKETS = 50
MAX_KEYWORDS = 10
MAX_DAYS = 366


@dataclass(frozen=True)
class Criteria:
    """What the special report is about; at least one of category, region, keywords."""

    topic: str
    first: date
    last: date
    category: str = ""  # a catalogue code; its sub-items are in
    region: str = ""  # a region code; its sub-regions are in
    keywords: list[str] = field(default_factory=list)  # any of them, in subject or content

    def params(self) -> dict[str, Any]:
        found = asdict(self)
        found["first"], found["last"] = self.first.isoformat(), self.last.isoformat()
        return found


def check(criteria: Criteria, *, now: datetime) -> None:
    if not criteria.topic.strip():
        raise ValidationFailed("topic_required", _("请填写专报题目。"), field="topic")
    if not (criteria.category or criteria.region or criteria.keywords):
        raise ValidationFailed(
            "criteria_required", _("请至少选择类别、区域或关键词中的一项。"), field="category"
        )
    if criteria.last < criteria.first:
        raise ValidationFailed("invalid_period", _("截止日期早于起始日期。"), field="to")
    if (criteria.last - criteria.first).days >= MAX_DAYS:
        raise ValidationFailed("invalid_period", _("专报的统计期最长一年，请缩短。"), field="to")
    if criteria.last >= timezone.localdate(now):
        raise ValidationFailed(
            "period_not_ended", _("专报只统计已经过完的日子，截止日期最晚为昨天。"), field="to"
        )
    if len(criteria.keywords) > MAX_KEYWORDS:
        raise ValidationFailed(
            "too_many_keywords", _("关键词最多 %(n)d 个。") % {"n": MAX_KEYWORDS}, field="keywords"
        )


#: the trees a special report narrows by, with the error code intake and classify answer for
#: the same unknown code
_TREES = {"category": (Category, "unknown_category"), "region": (Region, "unknown_region")}


def matching(criteria: Criteria) -> tuple[Q, dict[str, str]]:
    """The tickets' filter and the names of what was chosen; an unknown code is refused."""
    q, names = Q(), {}
    for field_name, code in (("category", criteria.category), ("region", criteria.region)):
        if not code:
            continue
        model, error = _TREES[field_name]
        node = model.objects.filter(code=code).first()
        if node is None:
            raise ValidationFailed(
                error,
                _("未知的编码：%(code)s。") % {"code": code},
                field=field_name,
            )
        q &= Q(**{f"{field_name}_id__in": queries.subtree_ids(model, node.pk)})
        names[field_name] = node.name
    if criteria.keywords:
        any_word = Q()
        for word in criteria.keywords:
            any_word |= Q(subject__icontains=word) | Q(content__icontains=word)
        q &= any_word
    return q, names


def _buckets(first: date, last: date) -> list[tuple[str, date]]:
    """Weeks (from ``first``) for up to 13 weeks, otherwise calendar months."""
    if (last - first).days < 13 * 7:
        days = [first + timedelta(days=7 * i) for i in range((last - first).days // 7 + 1)]
        return [(_("%(month)s月%(day)s日起") % {"month": d.month, "day": d.day}, d) for d in days]
    months, day = [], first
    while day <= last:
        months.append((_("%(year)s年%(month)s月") % {"year": day.year, "month": day.month}, day))
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return months


def build(criteria: Criteria, *, now: datetime) -> dict[str, Any]:
    q, names = matching(criteria)
    first, last = criteria.first, criteria.last
    start, end = figures.midnight(first), figures.midnight(last + timedelta(days=1))
    length = last - first + timedelta(days=1)
    rows = queries.ticket_counts(start, end, start - length, q)
    buckets = _buckets(first, last)
    trend = queries.bucket_counts([figures.midnight(d) for _l, d in buckets] + [end], q)
    tickets = Ticket.objects.filter(q, created_at__gte=start, created_at__lt=end, primary=None)
    return {
        "format": FORMAT,
        "kind": "special",
        "city": queries.city_name(),
        "topic": criteria.topic.strip(),
        "criteria": {
            "category": names.get("category", ""),
            "region": names.get("region", ""),
            "keywords": criteria.keywords,
        },
        "period": {
            "start": first.isoformat(),
            "end": last.isoformat(),
            "as_of": timezone.localtime(now).isoformat(),
        },
        "previous_period": {
            "start": (first - length).isoformat(),
            "end": (first - timedelta(days=1)).isoformat(),
        },
        "totals": figures.totals(rows),
        "trend": [
            {"label": label, "count": n} for (label, _d), n in zip(buckets, trend, strict=True)
        ],
        "categories": figures.by_category(rows, queries.category_infos()),
        "regions": figures.by_region(rows, queries.region_infos()),
        "units": _units(tickets, now),
        "tickets": _tickets(tickets),
    }


def _units(tickets, now: datetime) -> list[dict[str, Any]]:
    """How each unit handled the topic's tickets: the assessment's conditions, as of ``now``."""
    f = assignment_figures(now)
    rows = (
        Assignment.objects.filter(ticket__in=tickets.values("id"))
        .exclude(status__in=EXCLUDED_STATUSES)
        .values("unit_id", "unit__name")
        .annotate(
            assignments=Count("id"),
            main=Count("id", filter=Q(role=AssignmentRole.MAIN)),
            completed_on_time=Count("id", filter=f[AssignmentFigure.COMPLETED_ON_TIME]),
            completion_late=Count("id", filter=f[AssignmentFigure.COMPLETION_LATE]),
        )
        .order_by()
    )
    callbacks = {
        row["main_unit_id"]: row
        for row in Callback.objects.filter(ticket__in=tickets.values("id"))
        .values("main_unit_id")
        .annotate(
            satisfied=Count("id", filter=CALLBACK_FIGURES["satisfied"])
            + Count("id", filter=CALLBACK_FIGURES["basically_satisfied"]),
            unsatisfied=Count("id", filter=CALLBACK_FIGURES["unsatisfied"]),
        )
        .order_by()
    }
    units = [
        {
            "name": row["unit__name"],
            "assignments": row["assignments"],
            "main": row["main"],
            "completed_on_time": row["completed_on_time"],
            "completion_late": row["completion_late"],
            "satisfied": callbacks.get(row["unit_id"], {}).get("satisfied", 0),
            "unsatisfied": callbacks.get(row["unit_id"], {}).get("unsatisfied", 0),
        }
        for row in rows
    ]
    return sorted(units, key=lambda u: (-u["assignments"], u["name"]))


def _tickets(tickets) -> list[dict[str, Any]]:
    newest = list(
        tickets.select_related("category", "region").order_by("-created_at", "-id")[:MAX_TICKETS]
    )
    mains = dict(
        Assignment.objects.filter(
            ticket__in=[t.pk for t in newest], role=AssignmentRole.MAIN, parent__isnull=True
        )
        .order_by("id")
        .values_list("ticket_id", "unit__name")
    )
    return [
        {
            "number": t.number,
            "created_at": f"{timezone.localtime(t.created_at):%Y-%m-%d %H:%M}",
            "subject": t.subject,
            "category": t.category.name if t.category else str(figures.UNCATEGORISED),
            "region": t.region.name,
            "main_unit": mains.get(t.pk, "—"),
            "status": t.get_status_display(),
        }
        for t in newest
    ]


def parse_day(text: str, *, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValidationFailed(
            "invalid_date", _("%(f)s 须为 YYYY-MM-DD 格式的日期。") % {"f": field}, field=field
        ) from None
