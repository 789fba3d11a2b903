"""R9 热点周报: the 7 days ending on the week-ending date in Asia/Shanghai, counted by category
(with its industry), region and both, merged tickets left out, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiesu.core.errors import ValidationFailed
from jiesu.reports.models import HotspotReport
from jiesu.reports.tests.scenario import WEEK_ENDING, generate, in_week, item, take_in
from jiesu.testing.builders import person, sh
from jiesu.tickets.actions.merge import merge_ticket

pytestmark = pytest.mark.usefixtures("city")


def test_the_week_is_monday_0000_to_sunday_2359_in_shanghai():
    # given tickets either side of both edges of the week 06-16 … 06-22 (+08:00)
    take_in(1, sh(2025, 6, 15, 23, 59, 59))  # Sunday before: the previous week
    take_in(1, sh(2025, 6, 16, 0, 0))  # Monday 00:00: in
    take_in(1, sh(2025, 6, 22, 23, 59))  # Sunday 23:59: in
    take_in(1, sh(2025, 6, 22, 23, 59, 59))  # the last second: in
    take_in(1, sh(2025, 6, 23, 0, 0))  # Monday 00:00 (Sunday 16:00 UTC): out
    # when
    totals = generate().data["totals"]
    # then
    assert (totals["count"], totals["previous"]) == (3, 1)


def test_the_report_names_its_period_and_the_weeks_it_compares_with():
    # when
    report = generate()
    # then
    assert (report.period_start.isoformat(), report.period_end.isoformat()) == (
        "2025-06-16",
        "2025-06-22",
    )
    data = report.data
    assert data["period"] == {"start": "2025-06-16", "end": "2025-06-22"}
    assert data["previous_period"] == {"start": "2025-06-09", "end": "2025-06-15"}
    assert data["baseline_period"] == {"start": "2025-05-19", "end": "2025-06-15"}
    assert data["city"] == "黄石市"
    assert report.title == "黄石市12345热线热点周报（2025年6月16日至2025年6月22日）"
    assert data["thresholds"] == {"min_count": 3, "rise_ratio": 1.5, "top": 10}


def test_a_ticket_merged_into_another_is_not_counted_again():
    # given two callers on one matter, the second merged into the first (并单)
    first, second, third = take_in(3, in_week(0))
    merge_ticket(second.number, into=first.number, actor=person("dispatcher"))
    # when
    data = generate().data
    # then
    assert data["totals"]["count"] == 2
    assert item(data["categories"], category="urban-property")["count"] == 2


def test_counts_by_category_with_its_industry_by_region_and_by_both():
    # given
    take_in(3, in_week(0), category="urban-property", region="hsg")
    take_in(1, in_week(0), category="urban-property", region="xss", enterprise=True)
    take_in(2, in_week(0), category="env-noise", region="hsg", urgent=True)
    take_in(1, in_week(0), category="utility-water", region="huangshi")  # utilities are urgent
    take_in(1, in_week(0), category=None, region="dy")
    take_in(2, in_week(1), category="env-noise", region="xss")
    # when
    data = generate().data
    # then the totals
    totals = data["totals"]
    assert (totals["count"], totals["previous"], totals["change"]) == (8, 2, 6)
    assert totals["change_pct"] == 300.0
    assert (totals["urgent"], totals["urgent_previous"]) == (3, 0)
    assert (totals["enterprise"], totals["enterprise_previous"]) == (1, 0)
    # the categories, most first, each with its top-level industry
    assert [(c["category"], c["count"]) for c in data["top_categories"]] == [
        ("urban-property", 4),
        ("env-noise", 2),
        ("", 1),  # ties by label: 未分类 before 水电气保障／停水及供水故障
        ("utility-water", 1),
    ]
    noise = item(data["categories"], category="env-noise")
    assert (noise["industry"], noise["industry_name"], noise["label"]) == (
        "env",
        "环境保护",
        "环境保护／噪声扰民",
    )
    assert (noise["count"], noise["previous"], noise["change"]) == (2, 2, 0)
    assert item(data["categories"], category="")["category_name"] == "未分类"
    # the regions; a ticket of the city as a whole is 市本级
    assert item(data["regions"], region="hsg")["count"] == 5
    xss = item(data["regions"], region="xss")
    assert (xss["count"], xss["previous"]) == (1, 2)
    assert item(data["regions"], region="huangshi")["label"] == "黄石市（市本级）"
    # a category in a region
    both = item(data["category_regions"], category="urban-property", region="hsg")
    assert (both["count"], both["label"]) == (3, "黄石港区 · 城乡建设／物业管理")
    assert not [c for c in data["category_regions"] if c["count"] == 0]


def test_the_top_list_is_as_long_as_configured(thresholds):
    # given
    thresholds.JIESU_HOTSPOT_TOP = 2
    take_in(3, in_week(0), category="urban-property")
    take_in(2, in_week(0), category="env-noise")
    take_in(1, in_week(0), category="labour-wages")
    # when
    data = generate().data
    # then
    assert [c["category"] for c in data["top_categories"]] == ["urban-property", "env-noise"]
    assert len(data["categories"]) == 3


def _generation_queries() -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        generate(regenerate=True)
    return [q["sql"] for q in captured.captured_queries]


def test_generation_takes_the_same_few_queries_however_many_tickets():
    # given
    take_in(2, in_week(0))
    few = _generation_queries()
    for back, category in enumerate(
        ["env-noise", "labour-wages", "transport-taxi", "gov-info-disclosure"]
    ):
        take_in(3, in_week(back), category=category, region="yx")
    # when
    many = _generation_queries()
    # then
    # (the key-case section reads its own five: C-class, events, callbacks, tickets, units; the
    # matters intelligence's few, the unit sections the assessment's grouped counts, and the
    # archive and delivery a handful: still the same number however many tickets)
    assert len(many) == len(few) <= 30


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_count_is_a_range_scan_of_the_created_at_index():
    # given
    take_in(1, in_week(0))
    [count_sql] = [sql for sql in _generation_queries() if "GROUP BY" in sql and "CASE" in sql]
    # when
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + count_sql)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    # then
    assert "ticket_created" in plan, plan
    assert "created_at>" in plan.replace(" ", ""), plan


@pytest.mark.parametrize("day", [23, 29])
def test_a_week_not_yet_over_is_refused_and_nothing_is_written(day):
    # given today is Monday 06-23
    take_in(1, in_week(0))
    # when
    with pytest.raises(ValidationFailed) as refused:
        generate(WEEK_ENDING.replace(day=day))
    # then
    assert (refused.value.code, refused.value.status) == ("week_not_ended", 422)
    assert "2025-06-22" in refused.value.message
    assert not HotspotReport.objects.exists()
