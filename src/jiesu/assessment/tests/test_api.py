"""GET /api/v1/kpis and the drill-down lists: shape, scopes, bad input, and the lists agree with
the figures."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from jiesu.testing.builders import add_person, assignment_record, callback_record, sh

pytestmark = pytest.mark.usefixtures("city")

QUERY = "from=2025-06-01&to=2025-06-30&as_of=2025-07-10T12:00:00%2B08:00"


@pytest.fixture
def history(city):
    for unit, signed in [("city-housing", True), ("city-housing", False), ("hsg-st-1", True)]:
        assignment_record(
            unit=unit,
            dispatched_at=sh(2025, 6, 4, 9),
            sign_deadline=sh(2025, 6, 5, 9),
            answer_deadline=sh(2025, 6, 11, 9),
            signed_at=sh(2025, 6, 4, 10) if signed else None,
            answered_at=sh(2025, 6, 10, 9) if signed else None,
        )
    callback_record(unit="city-housing", result="satisfied", at=sh(2025, 6, 15))
    callback_record(unit="city-housing", result="unreached", at=sh(2025, 6, 15))


def _unit(body, code):
    return next(row for row in body["units"] if row["unit"] == code)


def test_kpis_for_every_unit_with_counts_and_formulas(api, history):
    # when
    response = api("supervisor").get(f"/kpis?{QUERY}")
    # then
    assert response.status == 200
    body = response.body
    assert body["from"] == "2025-06-01" and body["as_of"] == "2025-07-10T12:00:00+08:00"
    assert set(body["formulas"]) == {
        "connection_rate",
        "sign_rate",
        "completion_rate",
        "satisfaction_rate",
    }
    housing = _unit(body, "city-housing")
    assert housing["sign_rate"] == 0.5 and housing["completion_rate"] == 0.5
    assert housing["satisfaction_rate"] == 1.0 and housing["connection_rate"] is None
    assert housing["counts"]["sign_due"] == 2 and housing["counts"]["unreached"] == 1
    assert body["city"]["counts"]["assignments"] == 3
    assert {row["unit"] for row in body["counties"]} >= {"hsg", "dy"}


def test_one_unit(api, history):
    body = api("supervisor").get(f"/kpis?{QUERY}&unit=hsg-st-1").body
    assert [row["unit"] for row in body["units"]] == ["hsg-st-1"]
    assert body["units"][0]["sign_rate"] == 1.0


def test_a_unit_reads_only_its_own_line_and_a_county_platform_its_county(api, history):
    mine = api("handler").get(f"/kpis?{QUERY}").body
    assert [row["unit"] for row in mine["units"]] == ["city-housing"]
    assert mine["city"] is None and mine["counties"] == []
    county = api("county").get(f"/kpis?{QUERY}").body
    assert {row["unit"][:4] for row in county["units"]} == {"hsg-"}
    assert [row["unit"] for row in county["counties"]] == ["hsg"]
    # another unit's line is not there for them
    assert api("handler").get(f"/kpis?{QUERY}&unit=hsg-st-1").status == 404


def test_citizens_read_no_rates(api, history):
    response = api("citizen").get(f"/kpis?{QUERY}")
    assert response.status == 403 and response.body["code"] == "forbidden"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("from=2025-06-31&to=2025-06-30", "invalid_date"),
        ("from=2025-07-01&to=2025-06-30", "invalid_period"),
        ("from=2024-01-01&to=2025-06-30", "invalid_period"),
        ("from=2025-06-01&to=2025-06-30&as_of=yesterday", "invalid_datetime"),
    ],
)
def test_bad_periods_are_refused_with_a_code(api, query, code):
    response = api("supervisor").get(f"/kpis?{query}")
    assert response.status == 422 and response.body["code"] == code


def test_drill_down_lists_the_assignments_behind_a_figure(api, history):
    client = api("supervisor")
    late = client.get(f"/kpis/assignments?{QUERY}&unit=city-housing&figure=sign_late").body
    assert len(late["items"]) == 1 and late["items"][0]["signed_at"] is None
    due = client.get(f"/kpis/assignments?{QUERY}&figure=sign_due").body
    assert len(due["items"]) == 3
    bad = client.get(f"/kpis/assignments?{QUERY}&figure=everything")
    assert bad.status == 422 and bad.body["code"] == "invalid_figure"


def test_drill_down_lists_the_callbacks_behind_a_figure(api, history):
    body = api("supervisor").get(f"/kpis/callbacks?{QUERY}&figure=reached").body
    assert [item["result"] for item in body["items"]] == ["satisfied"]


def test_a_unit_drills_only_into_its_own_assignments(api, history):
    add_person("hsg_handler", "unit_handler", "hsg-st-1")
    body = api("hsg_handler").get(f"/kpis/assignments?{QUERY}&figure=population").body
    assert {item["unit"] for item in body["items"]} == {"hsg-st-1"}


def test_cli_prints_the_same_rates_as_json(history, capsys):
    call_command(
        "kpis",
        "--from",
        "2025-06-01",
        "--to",
        "2025-06-30",
        "--as-of",
        "2025-07-10T12:00",
        "--json",
    )
    body = json.loads(capsys.readouterr().out)
    assert _unit(body, "city-housing")["sign_rate"] == 0.5


def test_cli_prints_a_table_with_the_formulas(history, capsys):
    call_command("kpis", "--from", "2025-06-01", "--to", "2025-06-30", "--as-of", "2025-07-10")
    out = capsys.readouterr().out
    assert "市住房和城乡建设局" in out and "50.00%（1/2）" in out and "签收率 =" in out


def test_years_outside_the_accepted_range_are_refused(api):
    response = api("supervisor").get("/kpis?from=9999-12-01&to=9999-12-31")
    assert response.status == 422 and response.body["code"] == "date_out_of_range"
