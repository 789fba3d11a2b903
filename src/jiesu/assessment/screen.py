"""The big screen (一屏观全市): today's calls and intake, open and overdue tickets, the week's
categories and regions, this month's four rates — a handful of counts on indexed columns."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.assessment import rates
from jiesu.assessment.models import Call
from jiesu.assessment.rates import SH, Period
from jiesu.tickets.choices import TicketStatus
from jiesu.tickets.models import Ticket

OPEN = (
    TicketStatus.ACCEPTED,
    TicketStatus.DISPATCHED,
    TicketStatus.REHANDLING,
    TicketStatus.REPLIED,
)


def screen_data(now: datetime) -> dict[str, Any]:
    today = timezone.localtime(now, SH).date()
    midnight = datetime.combine(today, time.min, SH)
    week_ago = midnight - timedelta(days=6)
    calls = Call.objects.filter(offered_at__gte=midnight, offered_at__lte=now).aggregate(
        offered=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False))
    )
    week = Ticket.objects.filter(created_at__gte=week_ago, created_at__lte=now)
    categories = (
        week.values("category__parent__name", "category__name")
        .annotate(n=Count("id"))
        .order_by("-n")[:10]
    )
    regions = week.values("region__name").annotate(n=Count("id")).order_by("-n")[:12]
    month = Period(today.replace(day=1), today, now)
    city = rates.compute(month).city
    return {
        "now": timezone.localtime(now, SH).strftime("%Y-%m-%d %H:%M:%S"),
        "today_intake": Ticket.objects.filter(
            created_at__gte=midnight, created_at__lte=now
        ).count(),
        "calls_offered": calls["offered"],
        "calls_answered": calls["answered"],
        "open": Ticket.objects.filter(status__in=OPEN).count(),
        "overdue": Ticket.objects.filter(overdue=True).count(),
        "categories": [
            {
                "name": row["category__name"] or _("未分类"),
                "n": row["n"],
            }
            for row in categories
        ],
        "regions": [{"name": row["region__name"], "n": row["n"]} for row in regions],
        "rates": {**(city.rates if city else {})},
        "rate_labels": rates.rate_labels(),
    }
