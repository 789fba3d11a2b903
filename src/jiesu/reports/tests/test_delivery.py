"""The weekly report delivered: archived, leadership told of the whole report, each unit's
leaders and section heads of their own part (through the notifications app), once; a unit's
people read their own part only, on the desk and over the API."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.notifications.models import Notification
from jiesu.reports.choices import ReportKind
from jiesu.reports.models import Report
from jiesu.reports.tasks import weekly_hotspot_report
from jiesu.reports.tests.scenario import generate, in_week, take_in
from jiesu.testing.builders import assignment_record, callback_record, sh

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture
def week():
    """city-housing: 3 assignments of the week — one on time, one late, one not yet due on
    Monday 06-23 09:00 — and one unsatisfied callback; hs-water: 1 on time."""
    for answered, deadline in (
        (sh(2025, 6, 17, 9), sh(2025, 6, 18, 9)),  # on time
        (sh(2025, 6, 20, 9), sh(2025, 6, 19, 9)),  # late
        (None, sh(2025, 6, 25, 9)),  # not yet due
    ):
        assignment_record(
            unit="city-housing",
            dispatched_at=sh(2025, 6, 16, 10),
            sign_deadline=sh(2025, 6, 17, 10),
            answer_deadline=deadline,
            signed_at=sh(2025, 6, 16, 11),
            answered_at=answered,
        )
    assignment_record(
        unit="hs-water",
        dispatched_at=sh(2025, 6, 18, 10),
        sign_deadline=sh(2025, 6, 19, 10),
        answer_deadline=sh(2025, 6, 24, 10),
        signed_at=sh(2025, 6, 18, 11),
        answered_at=sh(2025, 6, 19, 9),
    )
    callback_record(unit="city-housing", result="unsatisfied", at=sh(2025, 6, 19, 15))
    take_in(2, in_week(0))


def _told(username: str) -> list[Notification]:
    user = get_user_model().objects.get(username=username)
    return list(Notification.objects.filter(recipient=user).order_by("id"))


def test_the_weekly_report_is_archived_and_each_person_told_of_their_part(week):
    # when
    hotspot = generate()
    # then the archive holds it
    archived = Report.objects.get()
    assert (archived.kind, archived.hotspot_id, archived.version) == (
        ReportKind.WEEKLY,
        hotspot.pk,
        1,
    )
    # and leadership is told of the whole report, each unit's leaders of their own part
    (whole,) = _told("supervisor")
    assert whole.reason == "report" and whole.ticket_id is None
    assert whole.link == f"/desk/reports/{archived.pk}/"
    assert whole.text.startswith("周报已生成：黄石市12345热线热点周报")
    for username in ("leader", "reviewer"):
        (part,) = _told(username)
        assert part.link == f"/desk/reports/{archived.pk}/?unit=city-housing"
        assert part.text.endswith("本单位部分（市住房和城乡建设局）")
    # handlers are not told, nor units with no part, nor anyone twice
    assert _told("handler") == [] and _told("water") == [] and _told("street_head") == []
    generate()
    assert Notification.objects.filter(key=f"report:{archived.pk}").count() == 3


def test_each_unit_part_counts_the_week_as_the_rates_do(week):
    data = generate().data
    housing = next(s for s in data["units"] if s["code"] == "city-housing")
    assert (housing["assignments"], housing["completion_late"]) == (3, 1)
    assert (housing["completion_not_yet_due"], housing["unsatisfied"]) == (1, 1)
    assert housing["completion_rate"] == 1 / 2 and housing["satisfaction_rate"] == 0
    water = next(s for s in data["units"] if s["code"] == "hs-water")
    assert (water["assignments"], water["completion_rate"]) == (1, 1)


def test_the_monday_task_generates_archives_and_delivers(week):
    # when
    weekly_hotspot_report.call_local()
    weekly_hotspot_report.call_local()  # run twice: changes nothing
    # then
    assert Report.objects.filter(kind=ReportKind.WEEKLY).count() == 1
    assert len(_told("supervisor")) == 1


def _desk(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_a_unit_sees_its_own_part_only(week):
    archived_pk = Report.objects.get(hotspot=generate()).pk
    # a section head of city-housing: the unit's part, no summary, no download
    page = _desk("reviewer").get(f"/desk/reports/{archived_pk}/").content.decode()
    assert "本单位部分：市住房和城乡建设局" in page
    assert "本周派单 3 件次，签收超期 0 件次，办结超期 1 件次" in page
    assert "共受理诉求" not in page and "hs-water" not in page
    assert _desk("reviewer").get(f"/desk/reports/{archived_pk}.docx").status_code == 403
    # a street with no part in the week is told so
    street = _desk("street_head").get(f"/desk/reports/{archived_pk}/").content.decode()
    assert "本周报告中没有本单位的派单或回访" in street
    # leadership reads the whole report and downloads it
    whole = _desk("supervisor").get(f"/desk/reports/{archived_pk}/").content.decode()
    assert "共受理诉求" in whole and "各单位情况" in whole
    download = _desk("supervisor").get(f"/desk/reports/{archived_pk}.xlsx")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    # the archive lists it for both, with downloads for the whole report only
    listing = _desk("reviewer").get("/desk/reports/").content.decode()
    assert f"/desk/reports/{archived_pk}/" in listing and ".docx" not in listing
    # a citizen is refused
    assert _desk("citizen").get(f"/desk/reports/{archived_pk}/").status_code == 404


def test_over_the_api_a_unit_gets_its_own_part(api, week):
    archived_pk = Report.objects.get(hotspot=generate()).pk
    mine = api("reviewer").get(f"/reports/{archived_pk}")
    assert mine.status == 200, mine.body
    assert mine.body["unit"] == "city-housing" and mine.body["formats"] == []
    assert [s["code"] for s in mine.body["data"]["units"]] == ["city-housing"]
    whole = api("supervisor").get(f"/reports/{archived_pk}")
    assert whole.body["unit"] is None and whole.body["formats"] == ["docx", "xlsx", "pdf"]
    assert whole.body["data"]["totals"]["count"] >= 2
    refused = api("citizen").get(f"/reports/{archived_pk}")
    assert (refused.status, refused.body["code"]) == (404, "report_not_found")


def test_short_cells_and_headers_of_the_report_page_do_not_break(week):
    """A region (黄石市), a category (未分类) or a header (来电人数) broke a character a line in the
    narrow columns of the matter tables; long cells (subjects, ticket lists) still wrap."""
    archived_pk = Report.objects.get(hotspot=generate()).pk
    page = _desk("supervisor").get(f"/desk/reports/{archived_pk}/").content.decode()
    assert ".card th,.card td.short{white-space:nowrap}" in page
    assert (
        '<td class="short">黄石市</td>' in page or '<td class="short">黄石市（市本级）</td>' in page
    )
    long_cells = [c for c in page.split("<td>")[1:] if len(c.split("</td>")[0]) > 8]
    assert long_cells, "a long cell is left to wrap"
