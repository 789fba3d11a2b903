"""A matter of uncategorised tickets (imported history often has no category) reads 未分类 in
the report's matter tables, as on the hotspot page — not an empty cell."""

from __future__ import annotations

from jiesu.reports import official, presentation

MATTER = {
    "label": "丽发新城小区旁的搅拌站严重影响生活",
    "category": "",
    "region": "黄石市",
    "count": 7,
    "callers": 7,
    "first_half": 1,
    "second_half": 6,
    "heat": 18.4,
    "numbers": ["20261125-000011"],
}


def test_the_weekly_reports_matter_tables_say_uncategorised():
    tables = presentation.matter_tables({"matters": {"repeated": [MATTER], "rising": [MATTER]}})
    for table in tables:
        column = next(c for c in table.columns if c.header == "类别")
        assert column.value(MATTER) == "未分类"


def test_the_monthly_reports_matter_table_says_uncategorised():
    table = official._matter_table("重复诉求较多的事项", [MATTER])
    assert table.rows[0][1] == "未分类"


def _week(rising_matters: list[dict]) -> dict:
    totals = {"count": 84, "previous": 80, "change": 4, "change_pct": 5.0, "average_4w": 82.0}
    return {
        "period": {"start": "2026-11-23", "end": "2026-11-29"},
        "city": "黄石市",
        "totals": {**totals, "urgent": 0, "enterprise": 0},
        "top_categories": [],
        "regions": [],
        "rising": [],
        "new": [],
        "matters": {"repeated": rising_matters, "rising": rising_matters},
    }


def test_the_summary_names_the_weeks_rising_matters():
    text = presentation.summary(_week([MATTER]))
    assert text.endswith(
        "新近上升的事项1项：丽发新城小区旁的搅拌站严重影响生活（7件，7位来电人）。"
    )
    assert "新近上升的事项" not in presentation.summary(_week([]))
