"""Suggestions accepted at intake (issue 9): the unit and the ticket to merge into are stored on
the new ticket, so that whoever dispatches or merges it later — the operator at once, or a
dispatcher an hour after — finds the dispatch and merge forms starting from them."""

from __future__ import annotations

from jiesu.desk.tests.test_intake_desk import desk
from jiesu.testing.builders import make_ticket
from jiesu.tickets.models import Event, Ticket

FORM = {
    "caller_phone": "13912345678",
    "caller_name": "李四",
    "subject": "楼道灯不亮",
    "content": "花湖小区3栋楼道灯坏了三个月",
    "region": "hsg",
    "appeal_type": "complaint",
    "category": "urban-property",
    "channel": "phone",
}


def test_the_accepted_unit_and_merge_are_kept_on_the_ticket(city):
    # given an earlier ticket on the matter
    earlier = make_ticket(subject="楼道灯不亮", content="花湖小区3栋楼道灯坏了")
    # when the operator accepted a unit and a merge before taking the call in
    response = desk("operator").post(
        "/desk/new/", {**FORM, "main_unit": "city-housing", "merge_into": earlier.number}
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get(subject="楼道灯不亮", caller_phone="13912345678")
    # then the ticket and its intake event keep both
    assert ticket.accepted_unit.code == "city-housing"
    assert ticket.accepted_primary == earlier
    intake = Event.objects.get(ticket=ticket, kind="intake")
    assert intake.data["accepted_unit"] == "city-housing"
    assert intake.data["accepted_primary"] == earlier.number
    # and a dispatcher who opens the ticket later, by its plain address, starts from them
    page = desk("dispatcher").get(f"/desk/t/{ticket.number}/").content.decode()
    assert "受理时采纳的承办单位建议" in page and 'value="市住房和城乡建设局"' in page
    assert "受理时采纳的并单建议" in page and f'value="{earlier.number}"' in page
    # and the timeline says what was accepted
    assert "受理时采纳建议：承办单位市住房和城乡建设局" in page


def test_without_an_accepted_suggestion_the_page_is_as_before(city):
    response = desk("operator").post("/desk/new/", FORM)
    assert response.status_code == 302 and "?" not in response.url
    ticket = Ticket.objects.get(subject="楼道灯不亮")
    assert ticket.accepted_unit is None and ticket.accepted_primary is None
    page = desk("dispatcher").get(f"/desk/t/{ticket.number}/").content.decode()
    assert "受理时采纳的承办单位建议" not in page and "受理时采纳的并单建议" not in page


def test_an_unknown_accepted_unit_is_refused_and_nothing_is_written(city):
    before = Ticket.objects.count()
    response = desk("operator").post("/desk/new/", {**FORM, "main_unit": "no-such-unit"})
    assert response.status_code == 200
    assert "未知的单位编码：no-such-unit。（unknown_unit）" in response.content.decode()
    assert Ticket.objects.count() == before
