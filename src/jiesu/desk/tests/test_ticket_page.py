"""The ticket page through Django's test client: exactly the actions a person may take now, bad
input shown next to its field with what was typed kept and nothing changed, reasons in words,
and a query count that does not grow with the ticket's history."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jiesu.handling.actions import request_extension
from jiesu.testing.builders import dispatched, make_ticket, person, replied
from jiesu.tickets.actions import callback_ticket, sign_assignment
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.models import Assignment, Event

pytestmark = pytest.mark.usefixtures("city")

T0 = datetime(2025, 6, 23, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
BUTTONS = re.compile(r"<button type=\"submit\"[^>]*>([^<]+)</button>")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def desk(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def buttons(response) -> set[str]:
    """The submit buttons of the page's main part (the header's search and logout are on
    every page)."""
    html = response.content.decode()
    return set(BUTTONS.findall(html[html.index("<main") :]))


def page(username: str, number: str):
    response = desk(username).get(f"/desk/t/{number}/")
    assert response.status_code == 200
    return response


# --- exactly the actions this person may take now --------------------------------------------


def test_a_new_ticket_offers_the_platform_its_steps_and_a_unit_nothing():
    ticket = make_ticket()
    assert buttons(page("dispatcher", ticket.number)) == {
        "派单",
        "分流",
        "并单",
        "调整分类",
        "调整派单目录",
        "督办",
        "登记批示",
        "移交线索",
    }
    assert buttons(page("supervisor", ticket.number)) == {"督办", "登记批示", "移交线索"}
    assert desk("handler").get(f"/desk/t/{ticket.number}/").status_code == 404


def test_a_dispatched_ticket_offers_the_unit_sign_or_return_and_the_platform_no_dispatch():
    ticket = dispatched()
    assert buttons(page("handler", ticket.number)) == {"签收", "申请退单"}
    offered = buttons(page("dispatcher", ticket.number))
    assert "派单" not in offered and {"提级协调", "并单", "督办"} <= offered
    assert desk("water").get(f"/desk/t/{ticket.number}/").status_code == 404  # not theirs


def test_a_signed_assignment_offers_reply_extension_and_return_and_a_pending_extension_its_decision():
    ticket = dispatched()
    a = main_assignment(ticket)
    sign_assignment(a.pk, actor=person("handler"))
    assert buttons(page("handler", ticket.number)) == {"提交答复", "申请延期", "申请退单"}
    request_extension(a.pk, working_days=2, reason="需采购灯具", actor=person("handler"))
    assert buttons(page("handler", ticket.number)) == {"提交答复", "申请退单"}
    decide = page("dispatcher", ticket.number)
    assert {"同意", "不同意"} <= buttons(decide) and "需采购灯具" in decide.content.decode()
    # the decision that waits for the dispatcher comes before the platform's other tools
    titles = [p.title for p in decide.context["panels"]]
    assert titles[0] == "审核延期申请" and titles.index("并单（同一事项多人反映）") > 0
    # the reviewer of the unit decides nothing on an extension
    assert "同意" not in buttons(page("reviewer", ticket.number))


def test_a_replied_ticket_offers_the_callback_to_the_operator_only():
    ticket = replied()
    assert "回访" in buttons(page("operator", ticket.number))
    assert "回访" not in buttons(page("handler", ticket.number))


# --- bad input: next to the field, kept, nothing changed ---------------------------------------


def test_an_unknown_unit_name_is_shown_next_to_the_field_and_nothing_changes():
    ticket = make_ticket()
    before = Event.objects.count(), Assignment.objects.count()
    response = desk("dispatcher").post(
        f"/desk/t/{ticket.number}/dispatch/",
        {"dispatch-main_unit": "市住房局不存在", "dispatch-assist_units": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "没有可选的单位「市住房局不存在」" in html
    assert 'value="市住房局不存在"' in html
    assert (Event.objects.count(), Assignment.objects.count()) == before


def test_a_unit_the_rules_forbid_is_not_offered_and_refused_by_name():
    ticket = make_ticket()
    # a street is the county's to dispatch to (R3): not in the city's list, refused by name
    response = desk("dispatcher").post(
        f"/desk/t/{ticket.number}/dispatch/", {"dispatch-main_unit": "花湖街道"}
    )
    assert response.status_code == 400
    assert "没有可选的单位「花湖街道」" in response.content.decode()
    html = page("dispatcher", ticket.number).content.decode()
    offered = re.search(r'<datalist id="dispatch-units">(.*?)</datalist>', html, re.S)
    assert offered and '<option value="市住房和城乡建设局">' in offered.group(1)
    assert '<option value="黄石港区12345平台">' in offered.group(1)
    assert "花湖街道" not in offered.group(1) and "花湖社区" not in html


def test_an_actions_refusal_naming_a_field_comes_back_next_to_it_with_the_input_kept():
    ticket = replied()
    before = Event.objects.count()
    # a role without the verb is refused before its form is read, at the top of the page
    response = desk("leader").post(f"/desk/t/{ticket.number}/callback/", {}, follow=True)
    assert "（forbidden）" in response.content.decode()
    # the operator sends back an unsatisfied callback without choosing a result
    response = desk("operator").post(
        f"/desk/t/{ticket.number}/callback/", {"callback-comment": "灯还是不亮"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "这个字段是必填项" in html or "必填" in html
    assert "灯还是不亮" in html
    assert Event.objects.count() == before


def test_a_return_without_its_elements_is_refused_field_by_field():
    ticket = dispatched()
    a = main_assignment(ticket)
    before = Event.objects.count()
    response = desk("handler").post(
        f"/desk/t/{ticket.number}/a/{a.pk}/return/",
        {
            f"a{a.pk}-return-findings": "不属于本单位职责",
            f"a{a.pk}-return-suggested_unit": "市民政局",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "不属于本单位职责" in html and 'value="市民政局"' in html
    assert Event.objects.count() == before
    a.refresh_from_db()
    assert a.status == "pending_sign"


def test_a_refusal_of_the_action_is_shown_on_the_page_and_changes_nothing():
    ticket = dispatched()
    a = main_assignment(ticket)
    sign_assignment(a.pk, actor=person("handler"))
    before = Event.objects.count()
    response = desk("handler").post(
        f"/desk/t/{ticket.number}/a/{a.pk}/extension/",
        {f"a{a.pk}-extension-working_days": "40", f"a{a.pk}-extension-reason": "需采购灯具"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "超过上限" in html and "需采购灯具" in html
    assert Event.objects.count() == before


def test_what_a_person_cannot_see_is_not_found():
    ticket = dispatched()
    a = main_assignment(ticket)
    response = desk("water").post(f"/desk/t/{ticket.number}/a/{a.pk}/sign/")
    assert response.status_code == 404
    a.refresh_from_db()
    assert a.status == "pending_sign"


# --- reasons in words ------------------------------------------------------------------------


def test_the_unit_handling_again_sees_the_citizens_complaint():
    ticket = replied()
    callback_ticket(
        ticket.number, result="unsatisfied", comment="2单元的灯还是不亮", actor=person("operator")
    )
    html = page("handler", ticket.number).content.decode()
    assert "不满意；市民意见：2单元的灯还是不亮" in html
    assert "派至市住房和城乡建设局（主办）" in html


# --- query counts ------------------------------------------------------------------------------


def _queries(username: str, number: str) -> int:
    client = desk(username)
    client.get(f"/desk/t/{number}/")  # warm the session and the calendar cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/desk/t/{number}/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("username", ["dispatcher", "handler", "operator"])
def test_the_ticket_page_costs_the_same_queries_however_long_its_history(username):
    short = replied()
    long = replied()
    # a long history: three rounds of unsatisfied callbacks and answers again
    from jiesu.testing.builders import answer

    for _ in range(3):
        callback_ticket(
            long.number, result="unsatisfied", comment="还没修好", actor=person("operator")
        )
        answer(long)
    assert (
        Event.objects.filter(ticket=long).count() > 2 * Event.objects.filter(ticket=short).count()
    )
    few, many = _queries(username, short.number), _queries(username, long.number)
    assert few == many
    # a fixed budget: the page's parts, the latest diversion and the attachments partial
    assert many <= 24


# --- the supervision desk's tasks ----------------------------------------------------------------


def test_an_escalation_is_fed_back_by_the_units_leader_from_the_ticket_page():
    from jiesu.supervision.actions import escalate_ticket

    ticket = dispatched()
    escalate_ticket(ticket.number, reason="涉及多个部门", actor=person("dispatcher"))
    assert "反馈" not in buttons(page("handler", ticket.number))
    html = page("leader", ticket.number).content.decode()
    assert "反馈提级协调" in html and "涉及多个部门" in html
    escalation = re.search(r'action="(/desk/t/[^"]+/escalation/\d+/feedback/)"', html)
    assert escalation
    key = escalation.group(1).split("/")[-4] + escalation.group(1).split("/")[-3] + "-feedback"
    response = desk("leader").post(escalation.group(1), {f"{key}-feedback": "已召集住建、城管会商"})
    assert response.status_code == 302
    assert "已召集住建、城管会商" in page("dispatcher", ticket.number).content.decode()


def test_the_platform_records_an_instruction_and_transfers_a_clue_by_unit_name():
    ticket = dispatched()
    client = desk("dispatcher")
    response = client.post(
        f"/desk/t/{ticket.number}/instruct/",
        {
            "instruct-leader": "王市长",
            "instruct-content": "请住建局一周内解决",
            "instruct-unit": "",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/desk/t/{ticket.number}/clue/",
        {"clue-unit": "市住房和城乡建设局", "clue-content": "推诿扯皮"},
    )
    assert response.status_code == 302
    kinds = list(Event.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert "instruction" in kinds and "clue_transferred" in kinds
    # the unit sees the instruction but not the clue (R19)
    html = page("handler", ticket.number).content.decode()
    assert "王市长批示：请住建局一周内解决" in html and "推诿扯皮" not in html


def test_the_sweeps_marks_are_shown_as_the_systems_not_as_a_code(clock):
    from datetime import timedelta

    from jiesu.tickets.actions.sla import sweep

    ticket = dispatched()
    clock.shift(timedelta(days=3))
    sweep()
    html = page("dispatcher", ticket.number).content.decode()
    timeline = html[html.index("事件记录") :]
    assert "签收超期</strong> · 系统" in timeline
    assert "system" not in timeline


def test_the_timeline_names_people_by_their_names():
    ticket = dispatched()
    html = page("handler", ticket.number).content.decode()
    timeline = html[html.index("事件记录") :]
    # the dispatcher's account is named 市平台派单审核员; the event keeps the username
    assert "派单</strong> · 市平台派单审核员（平台派单审核员" in timeline
    assert "· dispatcher" not in timeline


def test_the_return_decision_comes_before_the_dispute_and_the_platforms_tools():
    from jiesu.handling.actions import leader_review_return, request_return

    ticket = dispatched()
    a = main_assignment(ticket)
    sign_assignment(a.pk, actor=person("handler"))
    r = request_return(
        a.pk,
        findings="属供水企业职责。",
        policy_basis="《城市供水条例》",
        suggested_unit="hs-water",
        actor=person("handler"),
    )
    leader_review_return(r.pk, approve=True, comment="同意", actor=person("leader"))
    titles = [p.title for p in page("dispatcher", ticket.number).context["panels"]]
    assert titles[0].startswith("审核退单") and titles[1].startswith("发起派单争议审核")
