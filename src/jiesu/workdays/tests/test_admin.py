"""Administrators edit days in the admin; saving goes through actions.set_day."""

from __future__ import annotations

from datetime import date

import pytest

from jiesu.workdays.choices import DayKind, DaySource
from jiesu.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_changelist_filters_by_year_and_kind(admin_client):
    response = admin_client.get(
        "/admin/workdays/calendarday/", {"year": "2026", "kind": "makeup_workday"}
    )
    assert response.status_code == 200
    shown = [row.day for row in response.context["cl"].result_list]
    assert shown == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]


def test_change_form_saves_through_set_day(admin_client):
    row = CalendarDay.objects.get(day=date(2025, 10, 9))
    response = admin_client.post(
        f"/admin/workdays/calendarday/{row.pk}/change/",
        {"is_workday": "", "name": "临时休息"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.is_workday, row.kind, row.name, row.source) == (
        False,
        DayKind.HOLIDAY,
        "临时休息",
        DaySource.ADMIN,
    )
