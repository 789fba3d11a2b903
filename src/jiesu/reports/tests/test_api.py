"""/api/v1/reports/hotspots: city platform staff, supervisors, unit leaders and administrators
read; the city platform and administrators generate; bad input is a 422 that writes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiesu.reports.models import HotspotReport
from jiesu.reports.tests.scenario import WEEK_ENDING, generate, in_week, take_in

READERS = ["operator", "dispatcher", "supervisor", "leader", "admin"]
OUTSIDERS = ["county", "handler", "reviewer", "street", "street_head", "water", "citizen"]


@pytest.mark.parametrize("username", READERS)
def test_readers_see_the_list_and_a_report(api, username):
    # given
    take_in(2, in_week(0))
    report = generate()
    # when
    listed = api(username).get("/reports/hotspots")
    shown = api(username).get(f"/reports/hotspots/{report.pk}")
    # then
    assert listed.status == 200, listed.body
    assert [r["id"] for r in listed.body["items"]] == [report.pk]
    assert shown.status == 200, shown.body
    assert shown.body["data"]["totals"]["count"] == 2
    assert shown.body["summary"].startswith("6月16日至6月22日，黄石市12345热线共受理诉求2件")


@pytest.mark.parametrize("username", OUTSIDERS)
def test_others_are_refused_with_a_stable_code(api, username):
    # given
    report = generate()
    # when
    responses = [
        api(username).get("/reports/hotspots"),
        api(username).get(f"/reports/hotspots/{report.pk}"),
        api(username).get(f"/reports/hotspots/{report.pk}.docx"),
        api(username).get(f"/reports/hotspots/{report.pk}.xlsx"),
        api(username).post("/reports/hotspots", {"week_ending": "2025-06-15"}),
    ]
    # then
    assert [(r.status, r.body["code"]) for r in responses] == [(403, "forbidden")] * 5
    assert HotspotReport.objects.count() == 1


@pytest.mark.parametrize("username", ["operator", "dispatcher", "admin"])
def test_the_city_platform_generates_and_the_same_week_again_returns_it(api, username):
    # given
    take_in(3, in_week(0))
    # when
    created = api(username).post("/reports/hotspots", {"week_ending": "2025-06-22"})
    again = api(username).post("/reports/hotspots", {"week_ending": "2025-06-22"})
    # then
    assert created.status == 201, created.body
    assert again.status == 200, again.body
    assert again.body["id"] == created.body["id"]
    body = created.body
    assert (body["period_start"], body["period_end"], body["version"]) == (
        "2025-06-16",
        "2025-06-22",
        1,
    )
    assert (body["generated_by"], body["ticket_count"], body["superseded"]) == (username, 3, False)
    assert body["generated_at"] == "2025-06-23T09:00:00+08:00"
    assert body["title"] == "黄石市12345热线热点周报（2025年6月16日至2025年6月22日）"


def test_regenerate_makes_a_new_version_and_marks_the_old_one_superseded(api):
    # given
    first = api("operator").post("/reports/hotspots", {"week_ending": "2025-06-22"}).body
    # when
    second = api("operator").post(
        "/reports/hotspots", {"week_ending": "2025-06-22", "regenerate": True}
    )
    # then
    assert (second.status, second.body["version"]) == (201, 2)
    assert api("operator").get(f"/reports/hotspots/{first['id']}").body["superseded"] is True
    listed = api("operator").get("/reports/hotspots").body["items"]
    assert [(r["version"], r["superseded"]) for r in listed] == [(2, False), (1, True)]


def test_without_a_date_the_last_whole_week_is_reported(api):
    # when (Monday 06-23)
    response = api("operator").post("/reports/hotspots", {})
    # then
    assert response.status == 201, response.body
    assert response.body["period_end"] == "2025-06-22"


@pytest.mark.parametrize("username", ["supervisor", "leader"])
def test_readers_who_are_not_the_platform_cannot_generate(api, username):
    # when
    response = api(username).post("/reports/hotspots", {"week_ending": "2025-06-22"})
    # then
    assert (response.status, response.body["code"]) == (403, "forbidden")
    assert not HotspotReport.objects.exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"week_ending": "2025-02-30"}, "invalid_date"),
        ({"week_ending": "2025/06/22"}, "invalid_date"),
        ({"week_ending": "2025-W25-7"}, "invalid_date"),
        ({"week_ending": "2025-06-23"}, "week_not_ended"),  # today
        ({"week_ending": "2025-06-29"}, "week_not_ended"),  # the future
        ({"week_ending": "1999-12-31"}, "date_out_of_range"),
        ({"week_ending": 20250622}, "validation_error"),
        ({"week_ending": "2025-06-22", "regenerate": "sometimes"}, "validation_error"),
        ({"week": "2025-06-22"}, "validation_error"),  # unknown fields are refused
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(api, body, code):
    # given
    api("operator").post("/reports/hotspots", {"week_ending": "2025-06-15"})
    # when
    response = api("operator").post("/reports/hotspots", body)
    # then
    assert (response.status, response.body["code"]) == (422, code), response.body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.body["message"])
    assert list(HotspotReport.objects.values_list("period_end", flat=True)) == [
        WEEK_ENDING.replace(day=15)
    ]


def test_an_unknown_report_is_404(api):
    # when
    response = api("supervisor").get("/reports/hotspots/999")
    # then
    assert (response.status, response.body["code"]) == (404, "report_not_found")


def test_the_list_is_newest_week_first_and_pages_without_counting(api, settings):
    # given
    settings.JIESU_API_PAGE_SIZE = 2
    for day in (8, 22, 15):
        generate(WEEK_ENDING.replace(day=day))
    generate(WEEK_ENDING.replace(day=15), regenerate=True)
    # when
    first = api("supervisor").get("/reports/hotspots").body
    second = api("supervisor").get("/reports/hotspots?page=2").body
    # then
    assert [(r["period_end"], r["version"]) for r in first["items"]] == [
        ("2025-06-22", 1),
        ("2025-06-15", 2),
    ]
    assert [(r["period_end"], r["version"]) for r in second["items"]] == [
        ("2025-06-15", 1),
        ("2025-06-08", 1),
    ]
    assert (first["has_next"], second["has_next"]) == (True, False)


def test_the_list_takes_the_same_queries_for_one_report_or_many(api):
    # given
    client = api("supervisor")
    generate()
    client.get("/reports/hotspots")  # the token's first use is written once
    with CaptureQueriesContext(connection) as one:
        client.get("/reports/hotspots")
    for day in (1, 8, 15):
        generate(WEEK_ENDING.replace(day=day))
    # when
    with CaptureQueriesContext(connection) as four:
        response = client.get("/reports/hotspots")
    # then
    assert len(response.body["items"]) == 4
    assert len(four) == len(one)


def test_the_openapi_document_lists_the_report_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/reports/hotspots"])
    assert "get" in paths["/api/v1/reports/hotspots/{report_id}"]
    assert "get" in paths["/api/v1/reports/hotspots/{report_id}.docx"]
    assert "get" in paths["/api/v1/reports/hotspots/{report_id}.xlsx"]
