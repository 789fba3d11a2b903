"""The calendar endpoints, on a test API that renders JiesuError like the project API."""

from __future__ import annotations

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from jiesu.core.errors import JiesuError
from jiesu.workdays import loader
from jiesu.workdays.api import router
from jiesu.workdays.calendar import MissingCalendarYear

pytestmark = pytest.mark.django_db

_api = NinjaAPI(urls_namespace="workdays-tests")


@_api.exception_handler(JiesuError)
def _jiesu_error(request, exc):
    return _api.create_response(request, exc.as_dict(), status=exc.status)


_api.add_router("", router)
client = TestClient(_api)


@pytest.fixture(autouse=True)
def _fresh_cache():
    loader.invalidate()
    yield
    loader.invalidate()


def test_add_workdays_worked_example():
    response = client.get("/calendar/add-workdays?start=2025-09-26T15:00&days=1")
    assert response.status_code == 200
    assert response.json() == {
        "start": "2025-09-26T15:00:00+08:00",
        "days": 1,
        "deadline": "2025-09-28T15:00:00+08:00",
        "fallback_years": [],
    }


def test_add_workdays_with_offset_and_from_a_holiday():
    response = client.get("/calendar/add-workdays?start=2025-10-03T02:00%2B00:00&days=1")
    assert response.status_code == 200
    assert response.json()["deadline"] == "2025-10-10T00:00:00+08:00"


def test_add_workdays_reports_fallback_years():
    with pytest.warns(MissingCalendarYear):
        response = client.get("/calendar/add-workdays?start=2031-01-03T10:00&days=1")
    assert response.status_code == 200
    assert response.json()["deadline"] == "2031-01-06T10:00:00+08:00"
    assert response.json()["fallback_years"] == [2031]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("start=2025-02-30T10:00&days=1", "invalid_datetime"),
        ("start=yesterday&days=1", "invalid_datetime"),
        ("start=2025-09-26T15:00&days=-2", "invalid_working_days"),
    ],
)
def test_add_workdays_bad_input(query, code):
    response = client.get(f"/calendar/add-workdays?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code
    assert body["message"]


def test_year_lists_non_working_and_makeup_days():
    response = client.get("/calendar/2026")
    assert response.status_code == 200
    body = response.json()
    assert body["has_data"] is True
    assert body["workday_count"] == 248
    assert body["makeup_workday_count"] == 6
    by_day = {entry["day"]: entry for entry in body["days"]}
    assert by_day["2026-02-14"] == {
        "day": "2026-02-14",
        "is_workday": True,
        "kind": "makeup_workday",
        "kind_label": "调休上班",
        "name": "春节",
        "source": "seed",
    }
    assert by_day["2026-02-16"]["kind"] == "holiday"
    assert by_day["2026-01-10"]["kind"] == "weekend"
    assert "2026-02-24" not in by_day  # ordinary working days are left out
    assert len(body["days"]) == 365 - 248 + 6


def test_year_without_data():
    response = client.get("/calendar/2031")
    assert response.status_code == 200
    body = response.json()
    assert body["has_data"] is False
    assert {entry["source"] for entry in body["days"]} == {"fallback"}
    assert {entry["kind"] for entry in body["days"]} == {"weekend"}


def test_year_out_of_range():
    response = client.get("/calendar/1800")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_year"
