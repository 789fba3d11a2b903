"""jiesu history import: a column map, CSV and Excel, skipped rows with reasons, all or nothing,
idempotent, categories mapped or created as the administrator chooses."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from jiesu.catalogue.models import Category
from jiesu.intelligence.models import HistoryRecord, MatterKey
from jiesu.tickets.models import Ticket

HEADER = ["编号", "标题", "内容", "类别", "承办单位", "区域", "来电号码", "受理时间", "答复"]
ROWS = [
    [
        "L001",
        "花湖小区楼道灯不亮",
        "3栋楼道灯坏了三个月",
        "城乡建设",
        "市住房和城乡建设局",
        "黄石港区",
        "138-0013-8000",
        "2024/3/1 9:30:00",
        "已修复",
    ],
    [
        "L002",
        "工地夜间施工噪音",
        "每晚打桩到十二点",
        "环境保护",
        "",
        "下陆区",
        "",
        "2024-03-02 22:10",
        "",
    ],
    ["L003", "", "", "城乡建设", "", "", "", "2024/3/3 10:00:00", ""],
    ["L004", "公交线路咨询", "8路车什么时候恢复", "交通运输", "", "", "", "昨天", ""],
    ["L001", "重复的编号", "又一行", "城乡建设", "", "", "", "2024/3/4 10:00:00", ""],
]
MAP = "id=编号,subject=标题,detail=内容,category=类别,unit=承办单位,region=区域,caller=来电号码,submitted_at=受理时间,reply=答复"


def write_csv(path, rows=ROWS, header=HEADER):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path, *extra):
    call_command(
        "history",
        "import",
        str(path),
        "--map",
        MAP,
        *extra,
        stdout=StringIO(),
        stderr=StringIO(),
    )


def test_rows_become_closed_tickets_with_their_source_and_a_skip_report(city, tmp_path):
    # when
    run(write_csv(tmp_path / "h.csv"), "--skipped", str(tmp_path / "skipped.csv"))
    # then
    records = {
        r.source_id: r
        for r in HistoryRecord.objects.select_related("ticket__category", "ticket__region")
    }
    assert set(records) == {"L001", "L002"}
    first = records["L001"].ticket
    assert (first.status, first.category.code, first.region.code, first.caller_phone) == (
        "closed",
        "urban",
        "hsg",
        "13800138000",
    )
    assert first.number.startswith("20240301-") and first.answer == "已修复"
    assert records["L001"].unit_name == "市住房和城乡建设局"
    assert MatterKey.objects.filter(ticket=first).exists()
    with open(tmp_path / "skipped.csv", encoding="utf-8-sig") as handle:
        skipped = {(r["行号"], r["跳过原因"]) for r in csv.DictReader(handle)}
    assert skipped == {("4", "没有诉求内容"), ("5", "受理时间无法识别"), ("6", "文件内重复编号")}


def test_importing_the_same_file_again_adds_nothing(city, tmp_path):
    path = write_csv(tmp_path / "h.csv")
    run(path)
    run(path)
    assert HistoryRecord.objects.count() == Ticket.objects.count() == 2


def test_text_alone_and_an_excel_workbook(city, tmp_path):
    # given
    book = Workbook()
    sheet = book.active
    sheet.append(["留言", "时间"])
    sheet.append(["小区门口垃圾堆积无人清运。请处理", "2024-05-06 08:00:00"])
    book.save(tmp_path / "h.xlsx")
    # when
    call_command(
        "history",
        "import",
        str(tmp_path / "h.xlsx"),
        "--map",
        "text=留言,submitted_at=时间",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    # then
    ticket = Ticket.objects.get()
    assert ticket.subject == "小区门口垃圾堆积无人清运"
    assert ticket.region.code == "huangshi" and ticket.category is None
    assert len(HistoryRecord.objects.get().source_id) == 32


def test_unknown_categories_are_created_when_asked(city, tmp_path):
    rows = [["N1", "菜市场秤不准", "短斤少两", "市场监管", "", "", "", "2024/3/1 9:30:00", ""]]
    run(write_csv(tmp_path / "h.csv", rows), "--create-categories")
    created = Category.objects.get(name="市场监管")
    assert Ticket.objects.get().category == created and created.code.startswith("imported-")


def test_a_category_map_names_the_catalogue_entry(city, tmp_path):
    rows = [["N1", "菜市场秤不准", "短斤少两", "市场监管", "", "", "", "2024/3/1 9:30:00", ""]]
    (tmp_path / "map.csv").write_text("市场监管,commerce-consumer\n", encoding="utf-8")
    run(write_csv(tmp_path / "h.csv", rows), "--category-map", str(tmp_path / "map.csv"))
    assert Ticket.objects.get().category.code == "commerce-consumer"


def test_a_failure_part_way_writes_nothing(city, tmp_path):
    # given a first row whose category gets created, a second whose mapping points nowhere
    rows = [
        ["N1", "菜市场秤不准", "短斤少两", "市场监管", "", "", "", "2024/3/1 9:30:00", ""],
        ["N2", "工地噪音", "夜间打桩", "环境保护", "", "", "", "2024/3/2 9:30:00", ""],
    ]
    (tmp_path / "map.csv").write_text("环境保护,no-such-code\n", encoding="utf-8")
    # when / then
    with pytest.raises(CommandError, match="未写入任何数据"):
        run(
            write_csv(tmp_path / "h.csv", rows),
            "--create-categories",
            "--category-map",
            str(tmp_path / "map.csv"),
        )
    assert Ticket.objects.count() == HistoryRecord.objects.count() == 0
    assert not Category.objects.filter(name="市场监管").exists()


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("subject=标题", "submitted_at"),
        ("text=留言,submitted_at=受理时间", "没有这些列"),
        ("colour=标题", "列映射不正确"),
    ],
)
def test_a_bad_column_map_is_refused(city, tmp_path, mapping, message):
    with pytest.raises(CommandError, match=message):
        call_command("history", "import", str(write_csv(tmp_path / "h.csv")), "--map", mapping)


def test_the_summary_tells_rows_without_a_category_from_unknown_ones(city, tmp_path):
    """Rows with an empty category are 'without a category', not 'not in the catalogue'; and a
    re-import that writes nothing reports nothing imported as uncategorised."""
    rows = [
        ["U1", "菜市场秤不准", "短斤少两", "市场监管", "", "", "", "2024/3/1 9:30:00", ""],
        ["U2", "路灯不亮", "路灯坏了", "", "", "", "", "2024/3/1 9:40:00", ""],
        ["U3", "井盖丢失", "井盖不见了", "", "", "", "", "2024/3/1 9:50:00", ""],
    ]
    path = write_csv(tmp_path / "h.csv", rows)

    def summary() -> str:
        out = StringIO()
        call_command("history", "import", str(path), "--map", MAP, stdout=out, stderr=StringIO())
        return out.getvalue()

    first = summary()
    assert "1 行的类别不在目录中" in first
    assert "2 行没有类别" in first
    again = summary()
    assert "已导入过 3" in again
    assert "类别不在目录中" not in again and "没有类别" not in again
