"""The Word document a leader reads and the workbook with the same tables, read back with
python-docx and openpyxl."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from jiesu.organisation.auth import create_token
from jiesu.reports.actions import generate_weekly_hotspots
from jiesu.reports.exports import DOCX_TYPE, XLSX_TYPE
from jiesu.reports.tests.scenario import WEEK_ENDING, generate, weekly
from jiesu.testing.builders import person

TITLE = "黄石市12345热线热点周报（2025年6月16日至2025年6月22日）"


@pytest.fixture
def report(city):
    """Property complaints rising in 黄石港区, steady noise, unpaid wages new in 大冶市."""
    weekly([4, 1, 1, 1, 1], category="urban-property", region="hsg")
    weekly([2, 2, 2, 2, 2], category="env-noise", region="xss", urgent=True)
    weekly([3], category="labour-wages", region="dy", enterprise=True)
    return generate()


def download(report_id: int, extension: str, username: str = "leader"):
    token = create_token(get_user_model().objects.get(username=username))
    return Client().get(
        f"/api/v1/reports/hotspots/{report_id}.{extension}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_the_word_document_reads_like_a_weekly_report(report):
    # when
    response = download(report.pk, "docx")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert "filename*=utf-8''" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    text = [p.text for p in document.paragraphs]
    assert text[0] == TITLE
    assert text[1].startswith("第1版 · 2025-06-23 09:00 生成")
    assert "一、总体情况" in text and "四、趋势性与苗头性问题" in text
    summary = next(t for t in text if t.startswith("6月16日至6月22日"))
    assert "共受理诉求9件，较上周（3件）增加6件（增长200.0%）" in summary
    assert "紧急诉求2件、涉企诉求3件" in summary
    assert summary.endswith(
        "本期发现趋势性问题3项、苗头性问题3项，主要是黄石港区 · 城乡建设／物业管理（4件，趋势性）、"
        "大冶市 · 劳动和社会保障／拖欠工资（3件，苗头性）。"
    )
    assert any(t.startswith("说明：") and "1.5倍" in t for t in text)


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_word_tables_hold_the_figures_and_the_change(report):
    # when
    document = docx.Document(io.BytesIO(download(report.pk, "docx").content))
    totals, top, regions, rising, new = (_rows(t) for t in document.tables[:5])
    # then
    assert totals[0] == ["指标", "本周", "上周", "增减"]
    assert totals[1] == ["受理诉求", "9", "3", "+6"]
    assert top[0] == ["序号", "行业", "类别", "本周", "上周", "增减", "环比", "近四周周均", "标记"]
    assert top[1] == ["1", "城乡建设", "物业管理", "4", "1", "+3", "+300.0%", "1.0", "趋势性"]
    assert ["2", "劳动和社会保障", "拖欠工资", "3", "0", "+3", "—", "0.0", "苗头性"] in top
    assert ["3", "环境保护", "噪声扰民", "2", "2", "0", "0.0%", "2.0", ""] in top
    assert regions[1][:5] == ["1", "黄石港区", "4", "1", "+3"]
    assert ["1", "类别", "城乡建设／物业管理", "4", "1", "1.0", "4.00"] in rising
    assert ["3", "类别×区域", "大冶市 · 劳动和社会保障／拖欠工资", "3", "0"] in new


def test_a_week_without_signals_says_so(city):
    # given
    report = generate()
    # when
    document = docx.Document(io.BytesIO(download(report.pk, "docx").content))
    # then
    text = [p.text for p in document.paragraphs]
    assert "本期未发现趋势性问题。" in text and "本期未发现苗头性问题。" in text


def test_the_workbook_has_the_same_tables_and_the_full_lists(report):
    # when
    response = download(report.pk, "xlsx", username="supervisor")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "概况",
        "诉求类别前10位",
        "区域分布",
        "趋势性问题",
        "苗头性问题",
        "全部类别",
        "类别×区域",
        "重点工单案例",
        "重复诉求较多的事项",
        "新近上升的事项",
        "各单位情况",
    ]
    overview = [row for row in book["概况"].iter_rows(values_only=True) if any(row)]
    assert overview[0][0] == TITLE
    assert ("受理诉求", 9, 3, 6) in overview
    top = list(book["诉求类别前10位"].iter_rows(values_only=True))
    assert top[1] == (1, "城乡建设", "物业管理", 4, 1, 3, 300.0, 1.0, "趋势性")
    assert (2, "劳动和社会保障", "拖欠工资", 3, 0, 3, "—", 0.0, "苗头性") in top
    both = list(book["类别×区域"].iter_rows(values_only=True))
    assert both[0][:4] == ("序号", "区域", "行业", "类别")
    assert both[1][:7] == (1, "黄石港区", "城乡建设", "物业管理", 4, 1, 3)
    assert book["诉求类别前10位"]["F2"].number_format == "+0;-0;0"


def test_an_unknown_report_has_no_export(city):
    # when
    response = download(999, "docx")
    # then
    assert (response.status_code, response.json()["code"]) == (404, "report_not_found")


def test_a_report_by_a_person_names_them(city):
    # given
    report, _ = generate_weekly_hotspots(
        WEEK_ENDING, now=timezone.now(), actor=person("dispatcher")
    )
    # when
    document = docx.Document(io.BytesIO(download(report.pk, "docx").content))
    # then
    assert document.paragraphs[1].text.endswith("生成人：dispatcher")


def test_the_pdf_has_the_word_documents_sections_figures_and_a_chart(report):
    # when
    response = download(report.pk, "pdf")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert TITLE in text and "热点周报〔2025〕第" in text
    for heading in ["一、总体情况", "二、诉求类别前10位", "三、区域分布", "六、重点工单案例"]:
        assert heading in text
    assert "共受理诉求9件" in text and "物业管理" in text
    assert "（二）新近上升的事项" in text  # an empty part says so under its heading
    assert any(page.images for page in reader.pages)  # the top categories as a picture
