"""``{% countdown deadline now %}``: a deadline as the working time left, or how late it is, in
working days and hours — 黄 within the warning lead time, 红 once passed (sign and answer alike)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from jiesu.workdays.loader import get_calendar

register = template.Library()


def span(working_days: float) -> str:
    """1.6 working days → 1个工作日14小时; under an hour → minutes."""
    days = int(working_days)
    hours = int((working_days - days) * 24)
    if days:
        return _("%(days)d个工作日%(hours)d小时") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d小时") % {"hours": hours}
    return _("%(minutes)d分钟") % {"minutes": max(int(working_days * 24 * 60), 1)}


def state(deadline: datetime, now: datetime) -> str:
    """``overdue``, ``due-soon`` (within ``JIESU_WARNING_LEAD_HOURS``, as the sweep warns) or
    ``on-time``."""
    if deadline < now:
        return "overdue"
    if deadline - now <= timedelta(hours=settings.JIESU_WARNING_LEAD_HOURS):
        return "due-soon"
    return "on-time"


@register.simple_tag(takes_context=True)
def countdown(context, deadline: datetime | None, now: datetime, kind: str = "") -> str:
    """The calendar is read once per page (the view's ``calendar``), not once per row."""
    if deadline is None:
        return format_html('<span class="due none">{}</span>', "—")
    calendar = context.get("calendar") or get_calendar()
    mark = state(deadline, now)
    if mark == "overdue":
        text = _("%(kind)s超期 %(span)s") % {
            "kind": kind,
            "span": span(calendar.working_days_between(deadline, now)),
        }
    else:
        text = _("%(kind)s剩 %(span)s") % {
            "kind": kind,
            "span": span(calendar.working_days_between(now, deadline)),
        }
    return format_html(
        '<span class="due {}" title="{}">{}</span>',
        mark,
        f"{timezone.localtime(deadline):%Y-%m-%d %H:%M}",
        text,
    )
