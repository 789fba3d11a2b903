"""Suggestions accepted at intake (issue 9): the unit and the ticket to merge into travel with
the new ticket to its page, where the dispatch and merge forms start from them."""

from __future__ import annotations

from jiesu.desk.tests.test_intake_desk import desk
from jiesu.testing.builders import make_ticket

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


def test_the_accepted_unit_and_merge_fill_the_ticket_pages_forms(city):
    # given an earlier ticket on the matter
    earlier = make_ticket(subject="楼道灯不亮", content="花湖小区3栋楼道灯坏了")
    client = desk("operator")
    # when the operator accepted a unit and a merge before taking the call in
    response = client.post(
        "/desk/new/", {**FORM, "main_unit": "city-housing", "merge_into": earlier.number}
    )
    # then the new ticket's page is asked for with both
    assert response.status_code == 302
    assert "main_unit=" in response.url and f"into={earlier.number}" in response.url
    page = client.get(response.url).content.decode()
    assert "受理时采纳的承办单位建议" in page and 'value="市住房和城乡建设局"' in page
    assert "受理时采纳的并单建议" in page and f'value="{earlier.number}"' in page


def test_without_an_accepted_suggestion_the_page_is_as_before(city):
    response = desk("operator").post("/desk/new/", {**FORM, "main_unit": "no-such-unit"})
    assert response.status_code == 302 and "?" not in response.url
