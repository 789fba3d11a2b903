"""不予受理: the centre declines a registered case with a reason (and where the company should
go instead); the reason is the answer fed back to the company, the case's ticket closes, and a
"101" hand-over gets it back as its external result. Nothing is written for a bad refusal."""

from __future__ import annotations

import pytest

from jiesu.core.errors import Conflict, Forbidden, ValidationFailed
from jiesu.enterprise import actions
from jiesu.testing.builders import case_data, kinds, last_event, person


def register():
    return actions.register_case(case_data(), actor=person("qyfw"))


def test_the_centre_declines_a_case_with_a_reason_fed_back_to_the_company(city):
    # given
    case = register()
    # when
    declined = actions.decline_case(
        case.pk,
        reason="属于企业间合同纠纷，不属于政府职责范围。",
        guidance="可向黄石仲裁委员会申请仲裁。",
        actor=person("qyfw"),
    )
    # then
    ticket = declined.ticket
    ticket.refresh_from_db()
    assert declined.status == "declined"
    assert ticket.status == "closed" and not ticket.awaiting_callback
    assert ticket.answer.startswith("不予受理：属于企业间合同纠纷")
    assert "黄石仲裁委员会" in ticket.answer
    assert kinds(ticket.number)[-2:] == ["enterprise_declined", "closed"]
    event = last_event(ticket.number, "enterprise_declined")
    assert event.data["guidance"] == "可向黄石仲裁委员会申请仲裁。"


def test_a_refusal_needs_a_reason_the_centre_and_a_registered_case(city):
    # given
    case = register()
    before = kinds(case.ticket.number)
    # when / then
    with pytest.raises(ValidationFailed) as empty:
        actions.decline_case(case.pk, reason="  ", actor=person("qyfw"))
    with pytest.raises(Forbidden):
        actions.decline_case(case.pk, reason="不归我们", actor=person("operator"))
    assert empty.value.code == "reason_required"
    assert kinds(case.ticket.number) == before
    actions.accept_case(case.pk, actor=person("qyfw"))
    with pytest.raises(Conflict) as accepted:
        actions.decline_case(case.pk, reason="不归我们", actor=person("qyfw"))
    assert accepted.value.code == "state_conflict"


def test_decline_over_the_api(api, city):
    # given
    case = register()
    # when
    response = api("qyfw").post(
        f"/enterprise/cases/{case.pk}/decline", {"reason": "已有明确主管部门", "guidance": ""}
    )
    outsider = api("operator").post(f"/enterprise/cases/{case.pk}/decline", {"reason": "x"})
    # then
    assert response.status == 200, response.body
    assert (response.body["status"], response.body["ticket_status"]) == ("declined", "closed")
    assert outsider.status in (403, 404)
