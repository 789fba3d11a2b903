"""A deadline reads the same on a queue row and on the ticket page: working days of 24 hours,
and due soon within the sweep's warning lead (found when the ticket page said "剩余1小时" for a
sign deadline 3 h 40 min away, which the queue showed as 3小时)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from jiesu.desk.templatetags.desk_queues import countdown as row_countdown
from jiesu.desk.ticket_page import countdown as page_countdown
from jiesu.workdays.calendar import SHANGHAI

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 24, 5, 30, tzinfo=SHANGHAI)  # a Tuesday, before office hours


@pytest.mark.parametrize(
    ("deadline", "page_text", "css"),
    [
        (NOW + timedelta(hours=3, minutes=40), "剩余3小时", "soon"),
        (NOW + timedelta(days=2, hours=5), "剩余2个工作日5小时", ""),
        (NOW - timedelta(hours=7), "已超期7小时", "late"),
    ],
)
def test_the_ticket_page_and_the_queue_row_agree(city, settings, deadline, page_text, css):
    settings.JIESU_WARNING_LEAD_HOURS = 24
    page = page_countdown(deadline, NOW, done=False)
    assert (page["text"], page["css"]) == (page_text, css)
    row = row_countdown({}, deadline, NOW)
    assert page_text.removeprefix("剩余").removeprefix("已超期") in row
