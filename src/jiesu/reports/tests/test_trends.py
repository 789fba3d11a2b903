"""趋势性 (rising) and 苗头性 (new) items: at least the minimum this week and at least the ratio
times the 4-week average, or nothing in the 4 weeks before; thresholds from settings."""

from __future__ import annotations

import pytest

from jiesu.reports.hotspots import Thresholds, trend
from jiesu.reports.tests.scenario import generate, item, weekly

DEFAULTS = Thresholds(min_count=5, rise_ratio=1.5, top=10)


@pytest.mark.parametrize(
    ("weeks", "history", "expected"),
    [
        ([6, 2, 2, 2, 2], True, "rising"),  # 3 × the average of 2
        ([6, 4, 4, 4, 4], True, "rising"),  # exactly 1.5 × 4
        ([5, 4, 4, 4, 4], True, ""),  # 1.25 ×
        ([4, 1, 1, 1, 1], True, ""),  # 4 × but below the minimum
        ([9, 9, 3, 3, 1], True, "rising"),  # flat on last week, 2 × the month
        ([5, 0, 0, 0, 0], True, "new"),
        ([5, 0, 0, 0, 1], True, "rising"),  # seen 4 weeks ago: not new
        ([4, 0, 0, 0, 0], True, ""),  # below the minimum
        ([5, 0, 0, 0, 0], False, ""),  # no history at all: nothing is new
        ([0, 3, 3, 3, 3], True, ""),
    ],
)
def test_rising_and_new_with_the_default_thresholds(weeks, history, expected):
    assert trend(weeks, DEFAULTS, history=history) == expected


needs_city = pytest.mark.usefixtures("city")


@needs_city
def test_a_category_surging_in_one_county_is_rising_there_and_a_new_matter_is_new():
    # given (minimum 3, ratio 1.5) property complaints rising in 黄石港区,
    weekly([4, 1, 1, 1, 1], category="urban-property", region="hsg")
    # steady noise complaints in 西塞山区,
    weekly([2, 2, 2, 2, 2], category="env-noise", region="xss")
    # and unpaid wages, never heard of before, in 大冶市
    weekly([3], category="labour-wages", region="dy")
    # when
    data = generate().data
    # then
    property_hsg = item(data["category_regions"], category="urban-property", region="hsg")
    assert (property_hsg["trend"], property_hsg["average_4w"], property_hsg["ratio_4w"]) == (
        "rising",
        1.0,
        4.0,
    )
    assert item(data["categories"], category="urban-property")["trend"] == "rising"
    assert item(data["regions"], region="hsg")["trend"] == "rising"
    assert item(data["categories"], category="env-noise")["trend"] == ""
    assert item(data["categories"], category="labour-wages")["trend"] == "new"
    assert item(data["regions"], region="dy")["trend"] == "new"
    # the rising and new lists name every dimension
    assert {(i["dimension"], i["label"]) for i in data["rising"]} == {
        ("category", "城乡建设／物业管理"),
        ("region", "黄石港区"),
        ("category_region", "黄石港区 · 城乡建设／物业管理"),
    }
    assert {(i["dimension_label"], i["label"]) for i in data["new"]} == {
        ("类别", "劳动和社会保障／拖欠工资"),
        ("区域", "大冶市"),
        ("类别×区域", "大冶市 · 劳动和社会保障／拖欠工资"),
    }


@needs_city
def test_the_thresholds_come_from_the_settings(thresholds):
    # given the same surge, and stricter thresholds
    thresholds.JIESU_HOTSPOT_MIN_COUNT = 5
    thresholds.JIESU_HOTSPOT_RISE_RATIO = 5.0
    weekly([4, 1, 1, 1, 1], category="urban-property", region="hsg")
    weekly([3], category="labour-wages", region="dy")
    # when
    data = generate().data
    # then
    assert (data["rising"], data["new"]) == ([], [])
    assert data["thresholds"] == {"min_count": 5, "rise_ratio": 5.0, "top": 10}
    assert generate(regenerate=True).rising_count == 0


@needs_city
def test_without_any_history_nothing_is_called_new():
    # given a fresh installation: tickets this week only
    weekly([5], category="urban-property")
    # when
    report = generate()
    # then
    assert (report.data["new"], report.new_count) == ([], 0)
    assert report.data["notes"] == ["前四周没有受理数据，本期不作苗头性判断。"]
