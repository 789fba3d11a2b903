"""Reading calendar data: chinese-calendar seed rows and CSV validation (no database)."""

from __future__ import annotations

import io
from datetime import date

import pytest

from jiesu.core.errors import ValidationFailed
from jiesu.workdays.choices import DayKind
from jiesu.workdays.sources import chinese_calendar_days, chinese_calendar_years, parse_import_file


def test_chinese_calendar_rows_carry_kind_and_chinese_name():
    days = {spec.day: spec for spec in chinese_calendar_days(2025)}
    assert len(days) == 365
    assert (days[date(2025, 10, 1)].kind, days[date(2025, 10, 1)].name) == (
        DayKind.HOLIDAY,
        "国庆节",
    )
    assert days[date(2025, 10, 6)].name == "中秋"
    assert (days[date(2025, 9, 28)].kind, days[date(2025, 9, 28)].name) == (
        DayKind.MAKEUP_WORKDAY,
        "国庆节",
    )
    assert (days[date(2025, 9, 27)].kind, days[date(2025, 9, 27)].name) == (DayKind.WEEKEND, "")
    assert days[date(2025, 9, 26)].kind == DayKind.WORKDAY


def test_unknown_year_is_a_validation_error_not_a_crash():
    assert 2026 in chinese_calendar_years()
    with pytest.raises(ValidationFailed) as excinfo:
        chinese_calendar_days(2031)
    assert excinfo.value.code == "calendar_year_unavailable"
    assert "2031" in excinfo.value.message


def test_csv_accepts_every_documented_spelling():
    text = (
        "\ufeffdate,is_workday,name\n"
        "2027-01-01,休息,元旦\n"
        "2027-02-06,上班,春节\n"
        "2027-02-08,0,春节\n"
        "\n"
        "2027-02-09,FALSE,春节\n"
        "2027/2/10,false,\n"
        "2027-02-20,1,春节\n"
        "2027-02-22,true,\n"
    )
    specs = parse_import_file(io.StringIO(text))
    assert [(s.day.isoformat(), s.is_workday, s.kind.value) for s in specs] == [
        ("2027-01-01", False, "holiday"),
        ("2027-02-06", True, "makeup_workday"),
        ("2027-02-08", False, "holiday"),
        ("2027-02-09", False, "holiday"),
        ("2027-02-10", False, "holiday"),
        ("2027-02-20", True, "makeup_workday"),
        ("2027-02-22", True, "workday"),
    ]


def test_csv_without_name_column_and_in_gb18030():
    data = "date,is_workday\n2027-10-01,休息\n".encode("gb18030")
    [spec] = parse_import_file(io.BytesIO(data))
    assert (spec.day, spec.is_workday, spec.name) == (date(2027, 10, 1), False, "")


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("", ["为空"]),
        ("day,workday\n2027-01-01,0\n", ["第 1 行", "表头"]),
        ("date,is_workday,name\n", ["没有数据行"]),
        (
            "date,is_workday,name\n2027-01-01,0,元旦\n2027-02-30,1,\n2027-03-01,maybe,\n",
            ["第 3 行", "2027-02-30", "不存在", "第 4 行", "maybe"],
        ),
        (
            "date,is_workday,name\n2027-01-01,0,元旦\n2027-01-01,1,\n",
            ["第 3 行", "第 2 行", "重复"],
        ),
        ("date,is_workday,name\n01/01/2027,0,\n", ["第 2 行", "YYYY-MM-DD"]),
        ("date,is_workday,name\n2027-01-01,0,元旦,多余\n", ["第 2 行", "列数"]),
    ],
)
def test_bad_csv_names_the_line(text, fragments):
    with pytest.raises(ValidationFailed) as excinfo:
        parse_import_file(io.StringIO(text))
    assert excinfo.value.code == "calendar_import_invalid"
    for fragment in fragments:
        assert fragment in excinfo.value.message


def test_missing_file_is_a_validation_error(tmp_path):
    with pytest.raises(ValidationFailed) as excinfo:
        parse_import_file(tmp_path / "nope.csv")
    assert excinfo.value.code == "calendar_import_invalid"
