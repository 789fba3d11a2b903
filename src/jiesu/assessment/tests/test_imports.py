"""jiesu history import-assignments and jiesu calls import: deadlines as for live tickets, the
rates continue across the switch, all-or-nothing with a reason per bad row, idempotent."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from jiesu.assessment.imports import ASSIGNMENT_COLUMNS, CALL_COLUMNS
from jiesu.assessment.models import Call, HistoricalAssignment
from jiesu.assessment.rates import Period, compute
from jiesu.testing.builders import sh

pytestmark = pytest.mark.usefixtures("city")

ROW = {
    "ticket_number": "OLD-2025-0001",
    "subject": "楼道灯不亮",
    "content": "花湖小区3栋楼道灯坏了",
    "appeal_type": "complaint",
    "region": "hsg",
    "category": "urban-property",
    "unit": "city-housing",
    "role": "main",
    "dispatched_at": "2025-09-26 15:00",  # a Friday before the 调休 Sunday 2025-09-28
    "signed_at": "2025-09-28T15:00:00+08:00",  # exactly at the sign deadline
    "replied_at": "2025-10-09 10:00",
    "reply_approved_at": "2025-10-09 16:00",
    "callback_result": "satisfied",
    "callback_at": "2025-10-10 09:00:00",
}


def write_csv(path, rows, columns=ASSIGNMENT_COLUMNS):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(*args):
    call_command(*[str(a) for a in args])


def test_imported_assignments_get_live_deadlines_and_count_in_the_rates(tmp_path, capsys):
    # given a file of two past assignments
    late = {**ROW, "ticket_number": "OLD-2025-0002", "signed_at": "", "reply_approved_at": ""}
    late |= {"replied_at": "", "callback_result": "unreached"}
    path = write_csv(tmp_path / "history.csv", [ROW, late])
    # when
    run("history", "import-assignments", path)
    # then deadlines come from the working-day calendar: the 调休 Sunday is a working day, and
    # the answer time (5 working days) skips the National Day holiday (Oct 1-8)
    first = HistoricalAssignment.objects.get(ticket_number="OLD-2025-0001")
    assert first.sign_deadline == sh(2025, 9, 28, 15)
    assert first.answer_deadline == sh(2025, 10, 10, 15)
    assert "新导入 2 条" in capsys.readouterr().out
    # and the rates of September/October count them like live ones
    row = compute(Period(date(2025, 9, 1), date(2025, 10, 31), sh(2025, 11, 1))).unit(
        "city-housing"
    )
    assert (row.counts["signed_on_time"], row.counts["sign_due"]) == (1, 2)
    assert (row.counts["completed_on_time"], row.counts["completion_due"]) == (1, 2)
    assert (row.counts["callbacks"], row.counts["unreached"]) == (2, 1)
    assert row.rates["satisfaction_rate"] == 1.0


def test_rerunning_the_same_file_changes_nothing(tmp_path, capsys):
    path = write_csv(tmp_path / "history.csv", [ROW])
    run("history", "import-assignments", path)
    run("history", "import-assignments", path)
    assert HistoricalAssignment.objects.count() == 1
    assert "新导入 0 条交办记录，已导入过且内容相同 1 条" in capsys.readouterr().out


def test_one_bad_row_imports_nothing_and_every_bad_row_is_named(tmp_path, capsys):
    rows = [
        ROW,
        {**ROW, "ticket_number": "B1", "unit": "nowhere"},
        {**ROW, "ticket_number": "B2", "appeal_type": "grumble"},
        {**ROW, "ticket_number": "B3", "dispatched_at": "26/09/2025"},
        {**ROW, "ticket_number": "B4", "signed_at": "2025-09-25 08:00"},
        {**ROW, "ticket_number": "B5", "unit": "hsg-st-1-c1"},
        {**ROW, "ticket_number": "B6", "callback_at": ""},
        ROW,
    ]
    path = write_csv(tmp_path / "history.csv", rows)
    with pytest.raises(CommandError) as exc:
        run("history", "import-assignments", path)
    assert "8 行，其中 7 行有误，未导入任何数据" in str(exc.value)
    assert HistoricalAssignment.objects.count() == 0
    err = capsys.readouterr().err
    for line, words in [
        (3, "nowhere"),
        (4, "grumble"),
        (5, "26/09/2025"),
        (6, "signed_at 早于 dispatched_at"),
        (7, "R2"),
        (8, "同时填写"),
        (9, "与第 2 行重复"),
    ]:
        assert f"第 {line} 行：" in err and words in err


def test_a_changed_row_is_refused_on_rerun(tmp_path):
    run("history", "import-assignments", write_csv(tmp_path / "a.csv", [ROW]))
    changed = write_csv(tmp_path / "b.csv", [{**ROW, "callback_result": "unsatisfied"}])
    with pytest.raises(CommandError):
        run("history", "import-assignments", changed)
    assert HistoricalAssignment.objects.get().callback_result == "satisfied"


def test_a_bad_header_names_the_columns(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("ticket_number,unit,dispatchd_at\n1,city-housing,2025-09-26\n", "utf-8")
    with pytest.raises(CommandError) as exc:
        run("history", "import-assignments", path)
    assert "缺少列" in str(exc.value) and "dispatchd_at" in str(exc.value)


def test_excel_files_with_chinese_labels_and_real_dates(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(list(ASSIGNMENT_COLUMNS))
    values = {**ROW, "appeal_type": "投诉", "role": "主办", "region": "黄石港区"}
    values |= {"dispatched_at": sh(2025, 9, 26, 15).replace(tzinfo=None), "category": "物业管理"}
    sheet.append([values[c] for c in ASSIGNMENT_COLUMNS])
    path = tmp_path / "history.xlsx"
    book.save(path)
    run("history", "import-assignments", path)
    imported = HistoricalAssignment.objects.get()
    assert (imported.appeal_type, imported.role, imported.region.code) == (
        "complaint",
        "main",
        "hsg",
    )
    assert imported.dispatched_at == sh(2025, 9, 26, 15)


def test_calls_import_feeds_the_connection_rate_and_lists_abandoned_calls(tmp_path, capsys):
    rows = [
        {
            "call_id": "A1",
            "offered_at": "2025-06-03 09:00:00",
            "answered_at": "2025-06-03 09:00:10",
        },
        {
            "call_id": "A2",
            "offered_at": "2025-06-03 09:01:00",
            "answered_at": "2025-06-03 09:01:30",
        },
        {
            "call_id": "A3",
            "offered_at": "2025-06-03 09:02:00",
            "answered_at": "",
            "wait_seconds": "40",
        },
        {
            "call_id": "A4",
            "offered_at": "2025-06-03 09:03:00",
            "answered_at": "2025-06-03 09:03:05",
        },
    ]
    rows[3]["platform"] = "hsg-platform"
    path = write_csv(tmp_path / "calls.csv", rows, CALL_COLUMNS)
    run("calls", "import", path)
    run("calls", "import", path)  # again: nothing changes
    assert Call.objects.count() == 4
    assert Call.objects.get(call_id="A2").wait_seconds == 30
    result = compute(Period(date(2025, 6, 1), date(2025, 6, 30), sh(2025, 7, 1)))
    assert result.unit("city-platform").rates["connection_rate"] == 2 / 3
    assert result.unit("city-platform").answer_in_15s_rate == 1 / 2
    assert result.city.rates["connection_rate"] == 3 / 4
    capsys.readouterr()
    run("calls", "abandoned", "--from", "2025-06-01", "--to", "2025-06-30")
    out = capsys.readouterr().out
    assert "A3" in out and "A1" not in out and "共 1 个未接来电" in out


def test_a_bad_call_row_imports_no_call(tmp_path, capsys):
    rows = [
        {"call_id": "A1", "offered_at": "2025-06-03 09:00:00", "answered_at": ""},
        {"call_id": "A2", "offered_at": "2025-06-03 09:00:00", "answered_at": "2025-06-03 08:00"},
        {
            "call_id": "A3",
            "offered_at": "2025-06-03",
            "answered_at": "",
            "platform": "city-housing",
        },
    ]
    with pytest.raises(CommandError):
        run("calls", "import", write_csv(tmp_path / "c.csv", rows, CALL_COLUMNS))
    assert Call.objects.count() == 0
    err = capsys.readouterr().err
    assert "第 3 行：answered_at 早于 offered_at" in err and "第 4 行：platform" in err


def test_the_drill_down_lists_imported_rows_after_live_ones(tmp_path, api):
    late = {**ROW, "signed_at": "", "reply_approved_at": "", "replied_at": ""}
    run("history", "import-assignments", write_csv(tmp_path / "h.csv", [late]))
    body = (
        api("supervisor")
        .get(
            "/kpis/assignments?from=2025-09-01&to=2025-09-30&as_of=2025-11-01T00:00&figure=sign_late"
        )
        .body
    )
    assert [(i["source"], i["ticket_number"]) for i in body["items"]] == [
        ("history", "OLD-2025-0001")
    ]
