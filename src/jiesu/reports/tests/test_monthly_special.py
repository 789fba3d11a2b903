"""The monthly report (月报) and special reports (专报) over a small history with known numbers:
made through the API, the command line and the desk, archived, and each document (Word, Excel,
PDF) opened and read back."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from jiesu.notifications.models import Notification
from jiesu.reports import documents
from jiesu.reports.choices import ReportKind
from jiesu.reports.models import Report
from jiesu.reports.tests.scenario import take_in
from jiesu.testing.builders import assignment_record, callback_record, sh

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture
def may():
    """May 2025: 4 property complaints in 黄石港区 (one mentions 电梯), 1 noise complaint in 阳新县;
    April: 2 property complaints. city-housing answered one May assignment on time and one late;
    city-urban one on time, called back satisfied; one unsatisfied callback for city-housing."""
    take_in(3, sh(2025, 5, 6, 10), region="hsg", category="urban-property")
    take_in(1, sh(2025, 5, 20, 10), region="hsg", category="urban-property", subject="电梯停运")
    take_in(1, sh(2025, 5, 21, 10), region="yx", category="env-noise", subject="夜间施工噪声")
    take_in(2, sh(2025, 4, 10, 10), region="hsg", category="urban-property")
    for unit, answered in (
        ("city-housing", sh(2025, 5, 8, 9)),
        ("city-housing", sh(2025, 5, 15, 9)),
        ("city-urban", sh(2025, 5, 8, 9)),
    ):
        assignment_record(
            unit=unit,
            dispatched_at=sh(2025, 5, 6, 11),
            sign_deadline=sh(2025, 5, 7, 11),
            answer_deadline=sh(2025, 5, 13, 11),
            signed_at=sh(2025, 5, 6, 12),
            answered_at=answered,
        )
    callback_record(unit="city-urban", result="satisfied", at=sh(2025, 5, 9, 10))
    callback_record(unit="city-housing", result="unsatisfied", at=sh(2025, 5, 16, 10))


def _words(content: bytes) -> tuple[str, list[list[str]], int]:
    word = Document(io.BytesIO(content))
    rows = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    return "\n".join(p.text for p in word.paragraphs), rows, len(word.inline_shapes)


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_monthly_report_counts_the_month_and_reads_back_in_three_formats(api, may):
    # when
    made = api("dispatcher").post("/reports/monthly", {"month": "2025-05"})
    # then
    assert made.status == 201, made.body
    data = made.body["data"]
    # (the assignment and callback builders take in a ticket each, in the city as a whole)
    assert data["totals"]["count"] == 5 + 3 + 2 and data["totals"]["previous"] == 2
    assert data["regions"][0] == {
        "name": "市本级",
        "count": 5,
        "previous": 0,
        "change": 5,
        "change_pct": None,
    }
    assert next(r for r in data["regions"] if r["name"] == "黄石港区")["count"] == 4
    assert data["rates"]["completion_rate"] == 2 / 3
    assert data["rates"]["satisfaction_rate"] == 1 / 2
    assert [(r["rank"], r["name"]) for r in data["ranking"]][:1] == [(1, "市城市管理执法委员会")]
    report = Report.objects.get(pk=made.body["id"])
    # Word: title, 文号 blank, date, sections, tables, the charts as pictures
    text, rows, pictures = _words(documents.render(report, "docx").content)
    assert "黄石市12345政务服务便民热线2025年5月工作月报" in text
    assert "黄12345办〔2025〕　　号" in text and "2025年6月23日" in text
    assert "一、总体情况" in text and "三、各单位考核排名" in text
    assert "办结率 66.67%（按时办结 2 / 应计 3）" in text
    assert ["1", "市城市管理执法委员会", "100.00%", "100.00%", "100.00%", "0", "100.00"] in rows
    assert pictures == 2
    # Excel: the numbers as numbers
    book = load_workbook(io.BytesIO(documents.render(report, "xlsx").content))
    ranking = book["各单位考核排名"]
    assert [c.value for c in ranking[3]][:4] == [2, "市住房和城乡建设局", 1, 0.5]
    assert ranking["D3"].number_format == "0.00%"
    categories = book["受理量前列的类别"]
    assert [c.value for c in categories[2]] == ["物业管理", "城乡建设", 4 + 5, 2, 7]
    # PDF
    pdf = _pdf_text(documents.render(report, "pdf").content)
    assert "2025年5月工作月报" in pdf and "三、各单位考核排名" in pdf
    # the same again: the document is written from the frozen data
    assert _words(documents.render(report, "docx").content)[:2] == (text, rows)


def test_the_monthly_report_is_kept_once_and_sent_to_leadership(api, may):
    first = api("dispatcher").post("/reports/monthly", {"month": "2025-05"})
    again = api("dispatcher").post("/reports/monthly", {"month": "2025-05"})
    assert (first.status, again.status, again.body["id"]) == (201, 200, first.body["id"])
    newer = api("dispatcher").post("/reports/monthly", {"month": "2025-05", "regenerate": True})
    assert (newer.status, newer.body["version"]) == (201, 2)
    supervisor = get_user_model().objects.get(username="supervisor")
    assert Notification.objects.filter(recipient=supervisor, reason="report").count() == 2
    assert not Notification.objects.filter(recipient__username="leader").exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"month": "2025-13"}, "invalid_month"),
        ({"month": "2025-06"}, "month_not_ended"),
        ({"month": "1999-12"}, "date_out_of_range"),
    ],
)
def test_a_bad_month_is_refused_and_nothing_written(api, body, code):
    refused = api("dispatcher").post("/reports/monthly", body)
    assert (refused.status, refused.body["code"]) == (422, code)
    assert not Report.objects.exists()


def test_only_the_city_platform_makes_and_whole_city_readers_read_monthly_reports(api, may):
    assert api("handler").post("/reports/monthly", {"month": "2025-05"}).status == 403
    made = api("dispatcher").post("/reports/monthly", {"month": "2025-05"})
    assert api("leader").get(f"/reports/{made.body['id']}").status == 404
    assert api("supervisor").get(f"/reports/{made.body['id']}").status == 200


SPECIAL = {
    "topic": "物业管理",
    "from": "2025-05-01",
    "to": "2025-05-31",
    "category": "urban-property",
    "region": "hsg",
}


def test_a_special_report_on_a_category_in_a_region(api, may):
    # when
    made = api("dispatcher").post("/reports/special", SPECIAL)
    # then
    assert made.status == 201, made.body
    data = made.body["data"]
    assert data["criteria"] == {"category": "物业管理", "region": "黄石港区", "keywords": []}
    # May 1–31 against the 31 days before (April 1 – 30 and May 1 is not before): 4 and 2
    assert (data["totals"]["count"], data["totals"]["previous"]) == (4, 2)
    assert data["previous_period"] == {"start": "2025-03-31", "end": "2025-04-30"}
    assert sum(b["count"] for b in data["trend"]) == 4
    assert data["trend"][0] == {"label": "5月1日起", "count": 3}  # May 6 falls in week 1
    assert len(data["tickets"]) == 4
    report = Report.objects.get(pk=made.body["id"])
    assert report.kind == ReportKind.SPECIAL and report.params["category"] == "urban-property"
    text, rows, pictures = _words(documents.render(report, "docx").content)
    assert "黄石市12345热线专报：物业管理" in text and "专报〔2025〕第　　期" in text
    assert "期内共受理相关诉求4件，上一同长时期2件，增长100.0%" in text
    assert "类别：物业管理；区域：黄石港区" in text and pictures == 1
    book = load_workbook(io.BytesIO(documents.render(report, "xlsx").content))
    assert [c.value for c in book["各时段受理量"][2]] == ["5月1日起", 3]
    assert "物业管理" in _pdf_text(documents.render(report, "pdf").content)


def test_a_special_report_on_keywords_and_its_units(api, may):
    made = api("dispatcher").post(
        "/reports/special",
        {
            "topic": "电梯与噪声",
            "from": "2025-05-01",
            "to": "2025-05-31",
            "keywords": ["电梯", "噪声"],
        },
    )
    assert made.status == 201, made.body
    assert made.body["data"]["totals"]["count"] == 2
    assert sorted(t["subject"] for t in made.body["data"]["tickets"]) == [
        "夜间施工噪声",
        "电梯停运",
    ]


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"category": "", "region": ""}, "criteria_required"),
        ({"category": "no-such"}, "unknown_category"),
        ({"to": "2025-06-30"}, "period_not_ended"),
        ({"to": "2025-04-01"}, "invalid_period"),
        ({"from": "2025-5-1"}, "invalid_date"),
        ({"topic": " "}, "topic_required"),
    ],
)
def test_a_bad_special_request_is_refused_and_nothing_written(api, over, code):
    refused = api("dispatcher").post("/reports/special", {**SPECIAL, **over})
    assert (refused.status, refused.body["code"]) == (422, code), refused.body
    assert not Report.objects.exists()


def test_the_command_line_makes_and_exports_both(may, tmp_path, capsys):
    call_command(
        "report",
        "monthly",
        "--month",
        "2025-05",
        "--docx",
        str(tmp_path / "m.docx"),
        "--xlsx",
        str(tmp_path / "m.xlsx"),
        "--pdf",
        str(tmp_path / "m.pdf"),
    )
    call_command(
        "report",
        "special",
        "--topic",
        "物业管理",
        "--from",
        "2025-05-01",
        "--to",
        "2025-05-31",
        "--category",
        "urban-property",
        "--region",
        "hsg",
        "--pdf",
        str(tmp_path / "s.pdf"),
    )
    call_command("report", "list")
    out = capsys.readouterr().out
    assert "2025年5月工作月报  第1版（新生成）" in out and "（共 4 件）" in out
    assert "专报\t2025-05-01～2025-05-31" in out
    assert "2025年5月工作月报" in _words((tmp_path / "m.docx").read_bytes())[0]
    assert load_workbook(tmp_path / "m.xlsx")["各单位考核排名"]["B2"].value
    assert "物业管理" in _pdf_text((tmp_path / "s.pdf").read_bytes())


def test_the_desk_makes_a_special_report_and_shows_it_with_its_charts(may):
    client = Client()
    client.force_login(get_user_model().objects.get(username="dispatcher"))
    assert client.get("/desk/reports/new/").status_code == 200
    bad = client.post(
        "/desk/reports/new/special/", {**SPECIAL, "start": "2025-05-01", "end": "2025-06-30"}
    )
    assert bad.status_code == 422 and "截止日期最晚为昨天" in bad.content.decode()
    made = client.post(
        "/desk/reports/new/special/",
        {
            "topic": "物业管理",
            "start": "2025-05-01",
            "end": "2025-05-31",
            "category": "urban-property",
        },
    )
    assert made.status_code == 302
    page = client.get(made["Location"]).content.decode()
    assert "黄石市12345热线专报：物业管理" in page and "echarts.min.js" in page
    assert "四、承办单位办理情况" in page
    pdf = client.get(made["Location"].rstrip("/") + ".pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
