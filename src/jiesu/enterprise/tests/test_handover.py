"""A 涉企 hotline ticket handed to 兜底办 through the "101" channel, and its result synced back."""

from __future__ import annotations

import pytest

from jiesu.core.errors import ValidationFailed
from jiesu.enterprise import actions
from jiesu.enterprise.actions import Company
from jiesu.enterprise.models import EnterpriseCase
from jiesu.testing.builders import CREDIT_CODE, kinds, make_ticket, person
from jiesu.tickets import actions as ticket_actions


@pytest.fixture
def doudi(settings):
    settings.JIESU_DIVERSION_CHANNELS = {"enterprise101": "jiesu.enterprise.channel.Channel"}


def test_a_hotline_ticket_goes_to_doudi_and_its_result_comes_back(api, doudi):
    # given
    origin = make_ticket(
        enterprise=True, subject="新业态企业办证无牵头部门", content="各部门均称不归其管理。"
    )
    # when: diverted to "101"
    diverted = api("operator").post(
        f"/tickets/{origin.number}/divert", {"channel": "enterprise101", "reason": "涉企兜底"}
    )
    # then: a registered case with its own ticket, the company still to be completed
    assert diverted.status == 201, diverted.body
    case = EnterpriseCase.objects.get()
    assert diverted.body["external_ref"] == f"DDB-{case.ticket.number}"
    assert (case.status, case.origin.ticket.number, case.company_name) == (
        "registered",
        origin.number,
        "",
    )
    # when: accepted without the company, then with it
    with pytest.raises(ValidationFailed) as incomplete:
        actions.accept_case(case.pk, actor=person("qyfw"))
    company = Company("黄石某科技有限公司", CREDIT_CODE, "王女士", "13972000001")
    actions.accept_case(case.pk, company=company, actor=person("qyfw"))
    [lead] = actions.coordinate_case(case.pk, lead="city-housing", helpers=[], actor=person("qyfw"))
    ticket_actions.sign_assignment(lead.pk, actor=person("handler"))
    reply = ticket_actions.submit_reply(lead.pk, "已明确牵头部门并办结。", actor=person("handler"))
    reviewers = {"section_head": "reviewer", "deputy_leader": "leader", "platform": "qyfw"}
    while reply.status == "in_review":
        reply = ticket_actions.review_reply(
            reply.pk, approve=True, actor=person(reviewers[reply.current_level])
        )
    actions.feedback_case(case.pk, result="satisfied", actor=person("qyfw"))
    # then: the hotline ticket has the result and is closed
    assert incomplete.value.code == "company_required"
    origin.refresh_from_db()
    assert origin.status == "closed"
    assert "已明确牵头部门并办结" in origin.answer
    assert kinds(origin.number)[-3:] == ["diverted", "external_result", "closed"]
