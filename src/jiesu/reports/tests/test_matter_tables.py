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
