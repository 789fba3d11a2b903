"""The monthly notice (R22): the ranking by combined score, the examples, and the three
documents opened and read back."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from jiesu.assessment import notice, ranking
from jiesu.assessment.rates import Period, compute
from jiesu.testing.builders import ApiClient, assignment_record, callback_record, sh

pytestmark = pytest.mark.usefixtures("city")

JUNE = Period(date(2025, 6, 1), date(2025, 6, 30), sh(2025, 7, 10))


@pytest.fixture
def history(city):
    def record(unit, *, on_time: bool):
        assignment_record(
            unit=unit,
            dispatched_at=sh(2025, 6, 4, 9),
            sign_deadline=sh(2025, 6, 5, 9),
            answer_deadline=sh(2025, 6, 11, 9),
            signed_at=sh(2025, 6, 4, 10),
            answered_at=sh(2025, 6, 10, 9) if on_time else sh(2025, 6, 12, 9),
        )

    record("city-housing", on_time=True)
    record("city-housing", on_time=False)
    record("city-urban", on_time=True)
    record("hs-water", on_time=False)
    callback_record(unit="city-urban", result="satisfied", at=sh(2025, 6, 15))
    callback_record(unit="hs-water", result="unsatisfied", at=sh(2025, 6, 15))


def test_units_rank_by_the_weighted_score_of_the_rates_they_have(history, settings):
    settings.JIESU_KPI_WEIGHTS = {
        "sign_rate": 0.2,
        "completion_rate": 0.4,
        "satisfaction_rate": 0.4,
    }
    ranked = ranking.ranking(compute(JUNE))
    assert [(r.rank, r.row.code) for r in ranked] == [
        (1, "city-urban"),  # 100: all on time, satisfied
        (2, "city-housing"),  # (0.2·1 + 0.4·0.5) / 0.6 = 66.67: no callback, weights renormalised
        (3, "hs-water"),  # (0.2·1 + 0.4·0 + 0.4·0) = 20
    ]
    assert ranked[1].score == pytest.approx(200 / 3)
    assert ranked[2].score == pytest.approx(20)


def test_the_notice_names_overdue_and_unsatisfied_tickets(history):
    doc = notice.build(compute(JUNE), issued_on=date(2025, 7, 10))
    assert doc.title == "黄石市12345政务服务便民热线2025年6月接诉即办工作情况通报"
    tables = {t.title: t for t in doc.tables()}
    assert len(tables["办结超期工单"].rows) == 2
    assert [row[1] for row in tables["回访不满意工单"].rows] == ["市供水公司"]
    assert "签收率 =" in " ".join(doc.sections[-1].paragraphs)


def test_word_excel_and_pdf_read_back(history, tmp_path):
    call_command(
        "notice",
        "--month",
        "2025-06",
        "--as-of",
        "2025-07-10T00:00",
        "--docx",
        str(tmp_path / "n.docx"),
        "--xlsx",
        str(tmp_path / "n.xlsx"),
        "--pdf",
        str(tmp_path / "n.pdf"),
    )
    word = Document(str(tmp_path / "n.docx"))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "接诉即办工作情况通报" in text and "〔" in text and "一、总体情况" in text
    assert any("市城市管理执法委员会" in c.text for t in word.tables for c in t._cells)
    assert word.inline_shapes, "the ranking chart is a picture in the document"
    book = load_workbook(tmp_path / "n.xlsx")
    sheet = book["各单位考核排名"]
    assert [c.value for c in sheet[2]][:4] == [1, "市城市管理执法委员会", 1, 1]
    assert sheet["C2"].number_format == "0.00%"
    pdf = (tmp_path / "n.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    from pypdf import PdfReader

    content = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "接诉即办工作情况通报" in content and "市城市管理执法委员会" in content


def test_the_notice_over_the_api(history):
    client = ApiClient("supervisor")
    response = client.client.get(
        "/api/v1/notices/monthly.docx?from=2025-06-01&to=2025-06-30",
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    handler = ApiClient("handler")
    refused = handler.client.get(
        "/api/v1/notices/monthly.pdf?from=2025-06-01&to=2025-06-30",
        HTTP_AUTHORIZATION=f"Bearer {handler.token}",
    )
    assert refused.status_code == 403


def test_the_ranking_table_gives_each_units_place_by_every_single_rate(history):
    table = notice.ranking_table(compute(JUNE))
    places = {row[1]: row[-3:] for row in table.rows}
    assert table.header[-3:] == ["签收率名次", "办结率名次", "满意率名次"]
    # all three signed on time (a shared first place); completion 1, 1/2, 0; satisfaction
    # 1 (city-urban), 0 (hs-water), none for city-housing (no callback)
    assert places["市城市管理执法委员会"] == [1, 1, 1]
    assert places["市住房和城乡建设局"] == [1, 2, None]
    assert places["市供水公司"] == [1, 3, 2]
