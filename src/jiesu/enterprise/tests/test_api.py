"""The 兜底办 over the API: a company's orphan problem from registration to feedback."""

from __future__ import annotations

from jiesu.testing.builders import CREDIT_CODE, person
from jiesu.tickets import actions as ticket_actions
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.models import Ticket

COMPANY = {
    "name": "黄石某新材料有限公司",
    "credit_code": CREDIT_CODE,
    "contact_name": "李经理",
    "contact_phone": "13972000000",
}
CASE = {
    "company": COMPANY,
    "subject": "新型材料生产许可无对应审批部门",
    "content": "各部门均表示不归本部门管理。",
    "gap": "no_lead",
}


def test_registration_to_feedback_over_the_api(api):
    # given
    desk = api("qyfw")
    # when
    created = desk.post("/enterprise/cases", CASE)
    case_id = created.body["id"]
    accepted = desk.post(f"/enterprise/cases/{case_id}/accept", {})
    coordinated = desk.post(
        f"/enterprise/cases/{case_id}/coordinate", {"lead": "city-housing", "helpers": []}
    )
    ticket = coordinated.body["ticket"]
    main = main_assignment(Ticket.objects.get(number=ticket))
    ticket_actions.sign_assignment(main.pk, actor=person("handler"))
    reply = ticket_actions.submit_reply(main.pk, "已明确牵头部门。", actor=person("handler"))
    reviewers = {"section_head": "reviewer", "deputy_leader": "leader", "platform": "qyfw"}
    while reply.status == "in_review":
        reply = ticket_actions.review_reply(
            reply.pk, approve=True, actor=person(reviewers[reply.current_level])
        )
    fed_back = desk.post(f"/enterprise/cases/{case_id}/feedback", {"result": "satisfied"})
    solved = desk.get("/enterprise/cases/solved")
    # then
    assert created.status == 201, created.body
    assert (created.body["status_label"], created.body["gap_label"]) == ("已登记", "无牵头部门")
    assert accepted.body["status"] == "accepted"
    assert coordinated.body["ticket_status"] == "dispatched"
    assert fed_back.status == 200, fed_back.body
    assert (fed_back.body["ticket_status"], fed_back.body["answer"]) == (
        "closed",
        "已明确牵头部门。",
    )
    assert [s["ticket"] for s in solved.body] == [ticket]


def test_bad_input_and_outsiders_are_refused(api):
    # given
    case_id = api("qyfw").post("/enterprise/cases", CASE).body["id"]
    # when
    bad_code = api("qyfw").post(
        "/enterprise/cases", {**CASE, "company": {**COMPANY, "credit_code": "123"}}
    )
    operator = api("operator").post("/enterprise/cases", CASE)
    handler = api("handler").get(f"/enterprise/cases/{case_id}")
    listed = api("handler").get("/enterprise/cases")
    # then
    assert (bad_code.status, bad_code.body["code"]) == (422, "invalid_credit_code")
    assert (operator.status, operator.body["code"]) == (403, "forbidden")
    assert (handler.status, handler.body["code"]) == (404, "enterprise_case_not_found")
    assert listed.body["items"] == []
