"""重点工单案例 in the weekly report: C-class, escalated, supervised, leader-instructed and
repeatedly unsatisfied tickets of the week, with their reasons, in the Word and Excel exports."""

from __future__ import annotations

import io

import openpyxl
import pytest
from docx import Document

from jiesu.reports import actions, exports
from jiesu.reports.keycases import key_cases
from jiesu.testing.builders import callback_record, make_ticket, person, sh
from jiesu.tickets.models import Callback, Ticket

pytestmark = pytest.mark.usefixtures("city")

WEEK = (sh(2025, 6, 16), sh(2025, 6, 23))


def test_key_cases_name_their_reasons():
    # given a C-class ticket taken in during the week, a ticket unsatisfied twice (the second
    # time this week), and an ordinary one
    c_class = make_ticket(now=sh(2025, 6, 17, 9), caller_phone="13900000001")
    Ticket.objects.filter(pk=c_class.pk).update(dispatch_class="C")
    unhappy = callback_record(unit="city-housing", result="unsatisfied", at=sh(2025, 6, 10))
    Callback.objects.create(
        ticket=unhappy.ticket, main_unit=unhappy.main_unit, result="unsatisfied", at=sh(2025, 6, 18)
    )
    make_ticket(now=sh(2025, 6, 17, 10), caller_phone="13900000002")
    # when
    cases = key_cases(*WEEK)
    # then
    assert {(c["number"], c["reasons"]) for c in cases} == {
        (c_class.number, "C类提级办理"),
        (unhappy.ticket.number, "反复不满意"),
    }


def test_the_weekly_documents_carry_the_key_case_section():
    ticket = make_ticket(now=sh(2025, 6, 17, 9), caller_phone="13900000003")
    Ticket.objects.filter(pk=ticket.pk).update(dispatch_class="C")
    report, _ = actions.generate_weekly_hotspots(
        sh(2025, 6, 22).date(), now=sh(2025, 6, 23, 8), actor=person("dispatcher")
    )
    assert report.data["key_cases"][0]["number"] == ticket.number
    word = Document(io.BytesIO(exports.to_docx(report)))
    assert "六、重点工单案例" in [p.text for p in word.paragraphs]
    assert any(ticket.number in c.text for t in word.tables for c in t._cells)
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(report)))
    assert book["重点工单案例"]["B2"].value == ticket.number
