"""Who is told of a report and how (decision 0041): leadership — the supervisors (督导) and the
leaders of the city platform — for the whole report; for the weekly report also the leaders and
section heads of each unit that has a part in it, for their own part. Written through the
notifications app's ``notify_users``, once per report and person."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from jiesu.notifications.actions import notify_users
from jiesu.notifications.choices import Reason
from jiesu.organisation.choices import RegionLevel, Role, UnitKind
from jiesu.organisation.models import Membership
from jiesu.reports.choices import ReportKind
from jiesu.reports.models import Report

UNIT_ROLES = (Role.UNIT_LEADER, Role.UNIT_REVIEWER)


def leadership_ids() -> list[int]:
    """Supervisors anywhere, and the leaders (分管负责同志) of the city's 12345 platform."""
    city_platform_leaders = Membership.objects.filter(
        role=Role.UNIT_LEADER,
        unit__kind=UnitKind.PLATFORM,
        unit__region__level=RegionLevel.CITY,
    )
    supervisors = Membership.objects.filter(role=Role.SUPERVISOR)
    ids = set(supervisors.values_list("user_id", flat=True))
    ids |= set(city_platform_leaders.values_list("user_id", flat=True))
    return sorted(ids)


def unit_people(codes: list[str]) -> dict[str, list[int]]:
    """The leaders and section heads of each unit, by unit code (one query)."""
    found: dict[str, list[int]] = {}
    for code, user_id in Membership.objects.filter(
        unit__code__in=codes, role__in=UNIT_ROLES
    ).values_list("unit__code", "user_id"):
        found.setdefault(code, []).append(user_id)
    return found


def deliver(report: Report, *, now: datetime) -> int:
    """Tell the people concerned; calling it again tells no one twice. Returns how many told."""
    link = reverse("reports:detail", args=[report.pk])
    key = f"report:{report.pk}"
    kind = report.get_kind_display()
    told = notify_users(
        leadership_ids(),
        reason=Reason.REPORT,
        text=_("%(kind)s已生成：%(title)s") % {"kind": kind, "title": report.title},
        link=link,
        key=key,
        now=now,
    )
    if report.kind == ReportKind.WEEKLY and report.hotspot is not None:
        sections = report.hotspot.data.get("units", [])
        people = unit_people([s["code"] for s in sections])
        for section in sections:
            told += notify_users(
                people.get(section["code"], []),
                reason=Reason.REPORT,
                text=_("%(title)s：本单位部分（%(unit)s）")
                % {"title": report.title, "unit": section["name"]},
                link=f"{link}?unit={section['code']}",
                key=key,
                now=now,
            )
    return told
