"""`jiesu report hotspots`: generates (or finds) the week's report, prints a short Chinese
summary, and writes the Word and Excel exports."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command

from jiesu.reports.models import HotspotReport
from jiesu.reports.tests.scenario import WEEK_ENDING, in_week, take_in

pytestmark = pytest.mark.usefixtures("city")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_prints_a_summary_and_writes_the_three_exports(tmp_path):
    # given
    take_in(2, in_week(0))
    word, excel, pdf = tmp_path / "周报.docx", tmp_path / "周报.xlsx", tmp_path / "周报.pdf"
    # when
    output = run(
        "hotspots",
        "--week-ending",
        "2025-06-22",
        "--docx",
        str(word),
        "--xlsx",
        str(excel),
        "--pdf",
        str(pdf),
    )
    # then
    lines = output.splitlines()
    assert lines[0] == "黄石市12345热线热点周报（2025年6月16日至2025年6月22日）  第1版（新生成）"
    assert lines[1].startswith("6月16日至6月22日，黄石市12345热线共受理诉求2件")
    assert lines[2:] == [f"已导出：{word}", f"已导出：{excel}", f"已导出：{pdf}"]
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert docx.Document(word).paragraphs[0].text.startswith("黄石市12345热线热点周报")
    assert openpyxl.load_workbook(excel)["概况"]["A1"].value.startswith("黄石市12345热线热点周报")
    report = HotspotReport.objects.get()
    assert (report.generated_by, report.ticket_count) == (None, 2)


def test_again_it_finds_the_report_and_regenerate_makes_a_version():
    # given (Monday 06-23: the default is the week ending Sunday 06-22)
    run("hotspots")
    # when
    again = run("hotspots")
    regenerated = run("hotspots", "--regenerate")
    # then
    assert "第1版（已存在，未重新生成（需要时加 --regenerate））" in again.splitlines()[0]
    assert "第2版（新生成）" in regenerated.splitlines()[0]
    assert list(HotspotReport.objects.values_list("period_end", "version").order_by("version")) == [
        (WEEK_ENDING, 1),
        (WEEK_ENDING, 2),
    ]


@pytest.mark.parametrize(
    ("week_ending", "words"),
    [("2025-02-30", "不是有效日期"), ("2025-06-23", "尚未结束")],
)
def test_bad_dates_exit_2_and_write_nothing(tmp_path, week_ending, words):
    # when
    with pytest.raises(CommandError) as refused:
        run("hotspots", "--week-ending", week_ending, "--docx", str(tmp_path / "x.docx"))
    # then
    assert refused.value.returncode == 2
    assert words in str(refused.value)
    assert not HotspotReport.objects.exists()
    assert not (tmp_path / "x.docx").exists()


def test_an_unwritable_file_is_an_error(tmp_path):
    # when
    with pytest.raises(CommandError) as refused:
        run("hotspots", "--docx", str(tmp_path / "missing" / "x.docx"))
    # then
    assert refused.value.returncode == 1
    assert "无法写入" in str(refused.value)
