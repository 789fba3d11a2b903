"""The desk pages: the dashboard with its figures and drill-down links, the list behind a figure,
the big screen and its data; who may open them."""

from __future__ import annotations

import pytest
from django.test import Client

from jiesu.testing.builders import assignment_record, callback_record, sh

pytestmark = pytest.mark.usefixtures("city")

JUNE = "from=2025-06-01&to=2025-06-30"


def login(username: str) -> Client:
    client = Client()
    client.login(username=username, password="jiesu-demo-2025")
    return client


@pytest.fixture
def history(city):
    late = assignment_record(
        unit="city-housing",
        dispatched_at=sh(2025, 6, 4, 9),
        sign_deadline=sh(2025, 6, 5, 9),
        answer_deadline=sh(2025, 6, 11, 9),
    )
    callback_record(unit="city-housing", result="unsatisfied", at=sh(2025, 6, 15))
    return late


def test_the_dashboard_shows_the_rates_and_links_down_to_the_late_tickets(history):
    page = login("supervisor").get(f"/desk/assessment/?{JUNE}").content.decode()
    assert "考核指标" in page and "市住房和城乡建设局" in page
    assert "figure=completion_late&unit=city-housing" in page
    assert "echarts.min.js" in page and "//cdn" not in page
    drill = login("supervisor").get(
        f"/desk/assessment/drill/?{JUNE}&figure=completion_late&unit=city-housing"
    )
    assert history.ticket.number in drill.content.decode()


def test_a_unit_sees_its_own_line_and_no_big_screen(history):
    client = login("handler")
    page = client.get(f"/desk/assessment/?{JUNE}").content.decode()
    assert "市住房和城乡建设局" in page and "市城市管理执法委员会" not in page
    assert client.get("/desk/assessment/screen/").status_code == 403
    assert client.get("/desk/assessment/screen.json").status_code == 403


def test_the_big_screen_data(history):
    data = login("supervisor").get("/desk/assessment/screen.json").json()
    assert {"today_intake", "open", "overdue", "calls_offered", "rates", "categories"} <= set(data)


def test_a_bad_figure_is_an_error_page_not_a_crash(history):
    response = login("supervisor").get(f"/desk/assessment/drill/?{JUNE}&figure=nothing")
    assert response.status_code == 422 and "figure" in response.content.decode()


def test_the_dashboard_links_the_notice_and_the_reports_and_the_notice_downloads(history):
    # given a supervisor on the dashboard
    page = login("supervisor").get(f"/desk/assessment/?{JUNE}").content.decode()
    # then the notice downloads through the session, and the archive is one click away
    escaped = JUNE.replace("&", "&amp;")
    assert f"/desk/assessment/notice.docx?{escaped}" in page and "/desk/reports/" in page
    for extension, magic in (("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF-")):
        response = login("supervisor").get(f"/desk/assessment/notice.{extension}?{JUNE}")
        assert response.status_code == 200 and response.content.startswith(magic)
        assert "attachment" in response["Content-Disposition"]
    # and the leadership home links the dashboard, the reports and the big screen
    home = login("supervisor").get("/desk/").content.decode()
    assert "/desk/assessment/screen/" in home and "/desk/reports/" in home
    # a unit's people may not download the whole city's notice; an unknown format is refused
    assert login("handler").get(f"/desk/assessment/notice.docx?{JUNE}").status_code == 403
    assert login("supervisor").get(f"/desk/assessment/notice.odt?{JUNE}").status_code == 404
    assert "/desk/assessment/screen/" not in login("handler").get("/desk/").content.decode()


def test_the_unit_table_is_the_ranking_with_the_worst_last_and_the_score_explained(history):
    # given city-urban signed and answered on time in June, city-housing late on both (fixture)
    assignment_record(
        unit="city-urban",
        dispatched_at=sh(2025, 6, 4, 9),
        sign_deadline=sh(2025, 6, 5, 9),
        answer_deadline=sh(2025, 6, 11, 9),
        signed_at=sh(2025, 6, 4, 10),
        answered_at=sh(2025, 6, 10, 9),
    )
    # when
    page = login("supervisor").get(f"/desk/assessment/?{JUNE}").content.decode()
    # then city-urban is first with 100.00, city-housing after it with its score (0 on all three)
    table = page[page.index("综合得分") :]
    assert table.index("市城市管理执法委员会") < table.index("市住房和城乡建设局")
    assert "100.00" in table and "0.00" in table
    # and the score's formula names the weights in force
    assert "签收率 × 0.2 + 办结率 × 0.4 + 满意率 × 0.4" in page
