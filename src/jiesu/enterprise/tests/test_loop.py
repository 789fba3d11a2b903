"""A company's orphan problem goes through 兜底办: 问题登记、综合受理、分级协调（牵头部门+配合部门，
再提请市政府）、问题反馈 — on the hotline's clocks, events and rates."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jiesu.core.errors import Conflict, Forbidden, ValidationFailed
from jiesu.enterprise import actions
from jiesu.enterprise.models import EnterpriseCase
from jiesu.enterprise.queries import solved_cases
from jiesu.testing.builders import T0, case_data, kinds, person
from jiesu.tickets import actions as ticket_actions
from jiesu.tickets.actions.callback import main_assignment


def register(**over):
    return actions.register_case(case_data(**over), actor=person("qyfw"))


def test_a_company_problem_is_registered_with_its_own_ticket(city):
    # when
    case = register()
    # then
    ticket = case.ticket
    assert (case.status, case.company_name, case.credit_code) == (
        "registered",
        "黄石某新材料有限公司",
        "91110000802100433B",
    )
    assert (ticket.channel, ticket.enterprise, ticket.caller_name) == (
        "enterprise_desk",
        True,
        "李经理",
    )
    assert ticket.intake_unit.code == "city-qyfw"
    assert kinds(ticket.number) == ["intake", "enterprise_registered"]


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"credit_code": "91110000802100433C"}, "invalid_credit_code"),
        ({"company_name": " "}, "company_required"),
        ({"contact_name": ""}, "contact_required"),
        ({"contact_phone": "1234567"}, "invalid_phone"),
        ({"gap": "lazy"}, "invalid_gap"),
        ({"subject": ""}, "empty_field"),
    ],
)
def test_bad_registrations_write_nothing(city, over, code):
    # when
    with pytest.raises(ValidationFailed) as refused:
        register(**over)
    # then
    assert refused.value.code == code
    assert not EnterpriseCase.objects.exists()


def test_only_the_centre_registers_and_accepts(city):
    # given
    case = register()
    # when / then
    with pytest.raises(Forbidden):
        actions.register_case(case_data(), actor=person("operator"))
    with pytest.raises(Forbidden):
        actions.accept_case(case.pk, actor=person("dispatcher"))


def test_the_loop_from_registration_to_feedback_on_the_hotline_clocks(city, clock):
    # given
    case = register()
    # when: accepted, then coordinated with a lead department and a helper
    actions.accept_case(case.pk, actor=person("qyfw"))
    [lead, helper] = actions.coordinate_case(
        case.pk, lead="city-housing", helpers=["city-land"], actor=person("qyfw")
    )
    # then: the hotline's clocks (sign 1 working day, help 5 working days)
    assert (lead.unit.code, lead.role, helper.role) == ("city-housing", "main", "assist")
    assert lead.dispatched_from.code == "city-qyfw"
    assert lead.sign_deadline == T0 + timedelta(days=1)
    assert lead.answer_deadline == T0 + timedelta(days=7)  # Mon + 5 working days = next Mon
    # when: the lead department answers, the centre reviews it, the company is satisfied
    ticket = case.ticket
    ticket_actions.sign_assignment(lead.pk, actor=person("handler"))
    reply = ticket_actions.submit_reply(
        lead.pk, "已会同市自然资源和规划局明确由市住建局牵头办理许可。", actor=person("handler")
    )
    reviewers = {"section_head": "reviewer", "deputy_leader": "leader", "platform": "qyfw"}
    while reply.status == "in_review":
        reply = ticket_actions.review_reply(
            reply.pk, approve=True, actor=person(reviewers[reply.current_level])
        )
    actions.feedback_case(case.pk, result="satisfied", actor=person("qyfw"))
    # then
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert kinds(ticket.number)[:3] == ["intake", "enterprise_registered", "enterprise_accepted"]
    assert {"dispatched", "signed", "ticket_replied", "callback", "closed"} <= set(
        kinds(ticket.number)
    )
    [solved] = solved_cases()
    assert (solved.ticket, solved.lead_unit, solved.rating) == (
        ticket.number,
        "市住房和城乡建设局",
        "satisfied",
    )
    assert solved.solution.startswith("已会同")


def test_unsolved_it_goes_up_to_the_city_government(city):
    # given
    case = register()
    actions.accept_case(case.pk, actor=person("qyfw"))
    actions.coordinate_case(case.pk, lead="city-housing", helpers=[], actor=person("qyfw"))
    # when
    first = actions.escalate_case(case.pk, reason="牵头部门协调未果", actor=person("qyfw"))
    second = actions.escalate_case(case.pk, reason="需市政府统筹", actor=person("qyfw"))
    # then
    assert (first.level, second.level) == ("unit_leadership", "city_government")
    assert kinds(case.ticket.number).count("escalated") == 2


def test_a_case_is_coordinated_only_once_accepted(city):
    # given
    case = register()
    # when / then
    with pytest.raises(Conflict) as refused:
        actions.coordinate_case(case.pk, lead="city-housing", helpers=[], actor=person("qyfw"))
    assert refused.value.code == "state_conflict"
    assert main_assignment(case.ticket) is None
