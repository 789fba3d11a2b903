"""The steps that the ticket page gained after review (issue 7): the category (派单目录), the
dispatch dispute review and its decision, a return given back to the platform and then diverted,
closing a supervision, undoing a merge — each offered only to whom its check lets through, bad
input next to its field with what was typed kept, a refusal of the step at the top."""

from __future__ import annotations

import io
import re

import pytest

from jiesu.handling.actions import attach_statement, leader_review_return, request_return
from jiesu.handling.models import ReturnRequest
from jiesu.supervision.actions import open_supervision
from jiesu.supervision.models import Supervision
from jiesu.testing.builders import dispatched, kinds, make_ticket, person
from jiesu.testing.handling import PDF
from jiesu.tickets.actions import dispatch_ticket, sign_assignment
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.actions.merge import merge_ticket
from jiesu.tickets.models import Assignment, Ticket

from .test_ticket_page import buttons, clock, desk, page  # noqa: F401 - the frozen clock

pytestmark = pytest.mark.usefixtures("city")


def _pending_return(ticket: Ticket, *, assignment: Assignment | None = None) -> ReturnRequest:
    """市住建局's return with its three elements, approved by its leader, statement attached."""
    a = assignment or main_assignment(ticket)
    request = request_return(
        a.pk,
        findings="经核实，系诉求人与原单位的历史劳动争议，已多次到信访部门反映。",
        policy_basis="《信访工作条例》第二十一条",
        suggested_unit="city-urban",
        actor=person("handler"),
    )
    leader_review_return(request.pk, approve=True, comment="同意", actor=person("leader"))
    attach_statement(
        request.pk, name="说明.pdf", stream=io.BytesIO(PDF), size=len(PDF), actor=person("handler")
    )
    return request


# --- the category (R6) -------------------------------------------------------------------------


def test_the_platform_changes_the_category_from_the_ticket_page():
    ticket = make_ticket(category="urban-property")
    assert "调整派单目录" not in buttons(page("supervisor", ticket.number))
    html = page("dispatcher", ticket.number).content.decode()
    assert '<label for="id_category-category">' in html and "<optgroup" in html
    # the same item again is refused next to the field, nothing changes
    same = desk("dispatcher").post(
        f"/desk/t/{ticket.number}/category/", {"category-category": "urban-property"}
    )
    assert same.status_code == 400 and "派单目录已是" in same.content.decode()
    moved = desk("dispatcher").post(
        f"/desk/t/{ticket.number}/category/", {"category-category": "urban-illegal-building"}
    )
    assert moved.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).category.code == "urban-illegal-building"
    assert kinds(ticket.number)[-1] == "category_changed"


# --- the dispatch dispute review (R15) ---------------------------------------------------------


def test_a_dispute_is_opened_and_decided_from_the_ticket_page():
    ticket = dispatched()
    request = _pending_return(ticket)
    offered = buttons(page("dispatcher", ticket.number))
    assert {"发起争议审核", "同意", "不同意"} <= offered
    assert "发起争议审核" not in buttons(page("handler", ticket.number))
    # no reason: next to the field, nothing changed
    url = f"/desk/t/{ticket.number}/return/{request.pk}/dispute/"
    empty = desk("dispatcher").post(url, {f"r{request.pk}-dispute-reason": ""})
    assert empty.status_code == 400
    opened = desk("dispatcher").post(url, {f"r{request.pk}-dispute-reason": "住建与城管职责争议"})
    assert opened.status_code == 302
    html = page("dispatcher", ticket.number).content.decode()
    assert "派单争议裁定" in html and "住建与城管职责争议" in html
    assert "发起争议审核" not in buttons(page("dispatcher", ticket.number))
    # the ruling: the first receiver keeps it
    decided = desk("dispatcher").post(
        f"/desk/t/{ticket.number}/return/{request.pk}/decide/",
        {"approve": "0", f"r{request.pk}-decide-reason": "经会商，首办负责由住建局牵头"},
    )
    assert decided.status_code == 302
    assert ReturnRequest.objects.get(pk=request.pk).status == "refused"
    assert kinds(ticket.number)[-2:] == ["return_decided", "dispute_decided"]


# --- out of scope after dispatch: back to the platform, then diverted (R15, R12) ---------------


def test_an_accepted_return_goes_back_to_the_platform_which_diverts_it_from_the_page():
    ticket = dispatched()
    request = _pending_return(ticket)
    key = f"r{request.pk}-decide"
    html = page("dispatcher", ticket.number).content.decode()
    assert f'<label for="id_{key}-back_to_platform">' in html
    # both a unit and back to the platform: refused next to the unit, what was typed kept
    both = desk("dispatcher").post(
        f"/desk/t/{ticket.number}/return/{request.pk}/decide/",
        {
            "approve": "1",
            f"{key}-new_main_unit": "市城市管理执法委员会",
            f"{key}-back_to_platform": "on",
        },
    )
    assert both.status_code == 400
    assert (
        "二选一" in both.content.decode()
        and 'value="市城市管理执法委员会"' in both.content.decode()
    )
    assert Ticket.objects.get(pk=ticket.pk).status == "dispatched"
    # given back
    back = desk("dispatcher").post(
        f"/desk/t/{ticket.number}/return/{request.pk}/decide/",
        {"approve": "1", f"{key}-new_main_unit": "", f"{key}-back_to_platform": "on"},
        follow=True,
    )
    assert "工单退回本平台" in back.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == "accepted"
    assert "分流" in buttons(page("operator", ticket.number))
    diverted = desk("operator").post(
        f"/desk/t/{ticket.number}/divert/",
        {"divert-channel": "xinfang", "divert-reason": "历史劳动争议，属信访事项"},
    )
    assert diverted.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status in ("diverted", "closed")


def test_an_assisting_units_return_is_not_offered_back_to_the_platform():
    ticket = make_ticket()
    dispatch_ticket(
        ticket.number, main_unit="hs-water", assist_units=["city-housing"], actor=person("operator")
    )
    housing = Assignment.objects.get(ticket=ticket, unit__code="city-housing")
    sign_assignment(housing.pk, actor=person("handler"))
    request = _pending_return(ticket, assignment=housing)
    html = page("dispatcher", ticket.number).content.decode()
    assert f"r{request.pk}-decide-new_main_unit" in html
    assert f"r{request.pk}-decide-back_to_platform" not in html
    # posted all the same, the refusal of the step is said at the top and nothing changes
    before = kinds(ticket.number)
    refused = desk("dispatcher").post(
        f"/desk/t/{ticket.number}/return/{request.pk}/decide/",
        {"approve": "1", f"r{request.pk}-decide-back_to_platform": "on"},
        follow=True,
    )
    assert "back_to_platform_main_only" in refused.content.decode()
    assert kinds(ticket.number) == before


# --- supervision and merge ---------------------------------------------------------------------


def test_the_supervisor_closes_a_supervision_from_the_ticket_page():
    ticket = dispatched()
    supervision = open_supervision(
        ticket.number,
        reason="群众反映强烈",
        deadline="2025-07-04T18:00",
        actor=person("supervisor"),
    )
    assert "办结督办" not in buttons(page("handler", ticket.number))
    assert "办结督办" in buttons(page("supervisor", ticket.number))
    url = f"/desk/t/{ticket.number}/supervision/{supervision.pk}/close/"
    key = f"supervision{supervision.pk}-close"
    assert desk("supervisor").post(url, {f"{key}-result": ""}).status_code == 400
    assert desk("supervisor").post(url, {f"{key}-result": "已解决"}).status_code == 302
    assert Supervision.objects.get(pk=supervision.pk).closed_at is not None
    assert "办结督办" not in buttons(page("supervisor", ticket.number))


def test_the_platform_undoes_a_merge_from_the_ticket_page():
    first, second = make_ticket(), make_ticket()
    merge_ticket(second.number, into=first.number, actor=person("dispatcher"))
    assert "取消并单" not in buttons(page("supervisor", second.number))
    assert "取消并单" in buttons(page("dispatcher", second.number))
    url = f"/desk/t/{second.number}/unmerge/"
    assert desk("dispatcher").post(url, {"unmerge-reason": ""}).status_code == 400
    assert desk("dispatcher").post(url, {"unmerge-reason": "并非同一事项"}).status_code == 302
    assert Ticket.objects.get(pk=second.pk).status == "accepted"
    assert "派单" in buttons(page("dispatcher", second.number))


def test_every_field_of_every_panel_has_its_label():
    ticket = dispatched()
    _pending_return(ticket)
    for who in ("dispatcher", "supervisor", "leader", "handler"):
        html = page(who, ticket.number).content.decode()
        main = html[html.index("<main") :]
        for field_id in re.findall(r'<(?:input|textarea|select)[^>]*id="([^"]+)"', main):
            assert f'for="{field_id}"' in main, (who, field_id)
