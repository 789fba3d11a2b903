"""The desk pages through Django's test client (no browser): login required, the list, the intake
form, the detail page's 404 for other units' tickets, and CSRF on every form."""

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

from jiesu.core.demo_city import DEMO_PASSWORD
from jiesu.supervision.actions import transfer_clue
from jiesu.testing.builders import make_ticket, person
from jiesu.tickets.actions import dispatch_ticket
from jiesu.tickets.models import Assignment, Ticket

T0 = datetime(2025, 6, 23, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))

GOOD_INTAKE = {
    "channel": "phone",
    "appeal_type": "complaint",
    "caller_name": "李四",
    "caller_phone": "13912345678",
    "region": "",
    "address": "花湖小区3栋",
    "category": "urban-property",
    "subject": "楼道灯不亮",
    "content": "花湖小区3栋楼道灯坏了三个月，物业一直不修。",
}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def desk(username: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def csrf_token(page) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert match, "the form carries no CSRF token"
    return match.group(1)


def text(response) -> str:
    return response.content.decode()


# --- login required -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/desk/", "/desk/new/", "/desk/t/20250623-000001/"])
def test_pages_send_anonymous_visitors_to_the_login(city, path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


def test_actions_send_anonymous_visitors_to_the_login_and_change_nothing(city):
    # given an accepted ticket
    ticket = make_ticket()
    # when someone who is not logged in posts a dispatch and an intake
    dispatched = Client().post(f"/desk/t/{ticket.number}/dispatch/", {"main_unit": "city-housing"})
    taken = Client().post("/desk/new/", GOOD_INTAKE)
    # then both go to the login, and nothing was dispatched or taken in
    assert dispatched.status_code == 302 and dispatched["Location"].startswith("/login/")
    assert taken.status_code == 302 and taken["Location"].startswith("/login/")
    assert not Assignment.objects.exists()
    assert Ticket.objects.count() == 1


def test_logging_in_through_the_form_opens_the_desk(city):
    # given the login page
    client = Client()
    assert client.get("/login/").status_code == 200
    # when the operator logs in with the right password
    response = client.post("/login/", {"username": "operator", "password": DEMO_PASSWORD})
    # then the ticket list opens
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert client.get("/desk/tickets/").status_code == 200


def test_a_wrong_password_shows_the_chinese_error(city):
    response = Client().post("/login/", {"username": "operator", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in text(response)


# --- the list -------------------------------------------------------------------------------


def test_the_list_shows_tickets_with_callers_masked(city):
    # given two tickets
    first = make_ticket(subject="楼道灯不亮")
    second = make_ticket(subject="噪声扰民", caller_phone="13911112222", caller_name="王小明")
    # when the operator opens the list
    response = desk("operator").get("/desk/tickets/")
    # then both are there, newest first, callers masked
    page = text(response)
    assert response.status_code == 200
    assert [t["number"] for t in response.context["tickets"]] == [second.number, first.number]
    assert "楼道灯不亮" in page and "噪声扰民" in page
    assert "139****2222" in page and "王**" in page
    assert "13911112222" not in page and "王小明" not in page


def test_a_unit_lists_only_the_tickets_it_holds(city):
    # given one ticket dispatched to the housing bureau and one that is not
    mine = make_ticket(subject="楼道灯不亮")
    dispatch_ticket(mine.number, main_unit="city-housing", actor=person("operator"))
    other = make_ticket(subject="别人的工单")
    # when the housing bureau's handler opens the list
    response = desk("handler").get("/desk/tickets/")
    # then only its own ticket is listed
    numbers = [t["number"] for t in response.context["tickets"]]
    assert numbers == [mine.number]
    assert other.number not in text(response)


def test_the_list_filters_by_status(city):
    # given a dispatched ticket and an accepted one
    dispatched = make_ticket()
    dispatch_ticket(dispatched.number, main_unit="city-housing", actor=person("operator"))
    accepted = make_ticket()
    # when the operator filters on accepted
    response = desk("operator").get("/desk/tickets/", {"status": "accepted"})
    # then only the accepted one is shown
    assert [t["number"] for t in response.context["tickets"]] == [accepted.number]


def test_the_list_costs_the_same_queries_for_few_and_many_tickets(
    city, django_assert_max_num_queries
):
    # given three tickets, and the queries the list needs for them
    for _ in range(3):
        make_ticket()
    client = desk("operator")
    client.get("/desk/tickets/")  # warm per-process caches (the working-day calendar)
    with CaptureQueriesContext(connection) as few:
        client.get("/desk/tickets/")
    assert len(few.captured_queries) > 0
    # when twelve more are taken in
    for _ in range(12):
        make_ticket()
    # then the list of fifteen needs no more queries than the list of three
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/desk/tickets/")
    assert len(response.context["tickets"]) == 15


# --- the intake form ------------------------------------------------------------------------


def test_the_intake_form_opens_for_the_operator(city):
    response = desk("operator").get("/desk/new/")
    assert response.status_code == 200
    page = text(response)
    assert 'id="intake"' in page and "受理诉求" in page
    assert "物业管理" in page  # the catalogue's items are offered


def test_good_input_creates_a_ticket_and_opens_it(city):
    # when the operator submits a complete request
    client = desk("operator")
    response = client.post("/desk/new/", GOOD_INTAKE)
    # then one ticket exists with what was typed
    ticket = Ticket.objects.get()
    assert (
        ticket.subject,
        ticket.caller_name,
        ticket.caller_phone,
        ticket.category.code,
        ticket.status,
    ) == (
        "楼道灯不亮",
        "李四",
        "13912345678",
        "urban-property",
        "accepted",
    )
    assert ticket.number.startswith("20250623-")
    # and the browser is sent to its page, which confirms the number
    assert response.status_code == 302 and response["Location"] == f"/desk/t/{ticket.number}/"
    page = client.get(response["Location"])
    assert f"已受理，工单编号 {ticket.number}。" in text(page)


def test_missing_fields_show_the_chinese_error_and_create_nothing(city):
    # when the subject and content are left empty
    bad = {**GOOD_INTAKE, "subject": "", "content": ""}
    response = desk("operator").post("/desk/new/", bad)
    # then the form comes back with the errors in Chinese, and what was typed is kept
    assert response.status_code == 200
    page = text(response)
    assert page.count("这个字段是必填项。") == 2
    assert "13912345678" in page
    assert not Ticket.objects.exists()


def test_a_bad_phone_shows_the_actions_error_and_creates_nothing(city):
    # when the phone number is not a phone number (the form accepts it; the intake action refuses)
    response = desk("operator").post("/desk/new/", {**GOOD_INTAKE, "caller_phone": "电话号码"})
    # then the action's Chinese message and its code are shown, and nothing is written
    assert response.status_code == 200
    assert "联系电话格式不正确：应为11位手机号或带区号的固定电话。（invalid_phone）" in text(
        response
    )
    assert not Ticket.objects.exists()


def test_an_unknown_choice_is_refused_by_the_form(city):
    response = desk("operator").post("/desk/new/", {**GOOD_INTAKE, "category": "no-such-item"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in text(response)
    assert not Ticket.objects.exists()


def test_a_unit_handler_cannot_take_in_requests(city):
    # when the housing bureau's handler posts the intake form
    response = desk("handler").post("/desk/new/", GOOD_INTAKE)
    # then the platform-only refusal is shown and nothing is created
    assert response.status_code == 200
    assert "只有12345平台人员可以受理诉求。（forbidden）" in text(response)
    assert not Ticket.objects.exists()


# --- the detail page ------------------------------------------------------------------------


def test_the_detail_page_shows_the_ticket_to_its_unit(city):
    ticket = make_ticket(subject="楼道灯不亮")
    dispatch_ticket(ticket.number, main_unit="city-housing", actor=person("operator"))
    response = desk("handler").get(f"/desk/t/{ticket.number}/")
    assert response.status_code == 200
    page = text(response)
    assert ticket.number in page and "楼道灯不亮" in page and "市住房和城乡建设局" in page
    assert f'action="/desk/t/{ticket.number}/a/' in page  # its sign form


def test_the_unit_does_not_see_a_clue_transfer_on_the_detail_page(city):
    # given a misconduct clue about the housing bureau on a ticket it handles (R19)
    ticket = make_ticket()
    dispatch_ticket(ticket.number, main_unit="city-housing", actor=person("operator"))
    transfer_clue(
        ticket.number, unit="city-housing", content="承办人多次推诿。", actor=person("supervisor")
    )
    # then the unit's page leaves it out of the timeline, the platform's page shows it
    assert "问题线索移交" not in text(desk("handler").get(f"/desk/t/{ticket.number}/"))
    assert "问题线索移交" in text(desk("dispatcher").get(f"/desk/t/{ticket.number}/"))


def test_a_ticket_of_another_unit_is_not_found(city):
    # given a ticket dispatched to the housing bureau
    ticket = make_ticket()
    dispatch_ticket(ticket.number, main_unit="city-housing", actor=person("operator"))
    # when the water company's handler opens it
    response = desk("water").get(f"/desk/t/{ticket.number}/")
    # then it does not exist for them, with nothing of the ticket on the page
    assert response.status_code == 404
    page = text(response)
    assert f"工单{ticket.number}不存在或无权查看。（ticket_not_found）" in page
    assert ticket.subject not in page and "13800138000" not in page


def test_an_unknown_number_is_not_found(city):
    response = desk("operator").get("/desk/t/20250623-999999/")
    assert response.status_code == 404
    assert "不存在或无权查看" in text(response)


def test_a_citizen_cannot_open_someone_elses_ticket(city):
    ticket = make_ticket()
    response = desk("citizen").get(f"/desk/t/{ticket.number}/")
    assert response.status_code == 404


# --- CSRF -----------------------------------------------------------------------------------


def test_the_intake_form_refuses_a_post_without_the_csrf_token(city):
    # given the operator with a client that checks CSRF as a browser's would be checked
    client = desk("operator", enforce_csrf_checks=True)
    # when the form is posted without its token
    response = client.post("/desk/new/", GOOD_INTAKE)
    # then it is refused and nothing is created
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_the_intake_form_accepts_a_post_with_the_token_from_the_page(city):
    client = desk("operator", enforce_csrf_checks=True)
    token = csrf_token(client.get("/desk/new/"))
    response = client.post("/desk/new/", {**GOOD_INTAKE, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Ticket.objects.count() == 1


def test_action_forms_refuse_a_post_without_the_csrf_token(city):
    # given an accepted ticket on the operator's screen
    ticket = make_ticket()
    client = desk("operator", enforce_csrf_checks=True)
    token = csrf_token(client.get(f"/desk/t/{ticket.number}/"))
    # when the dispatch form is posted without its token, and with a forged one
    missing = client.post(f"/desk/t/{ticket.number}/dispatch/", {"main_unit": "city-housing"})
    forged = client.post(
        f"/desk/t/{ticket.number}/dispatch/",
        {"main_unit": "city-housing", "csrfmiddlewaretoken": "x" * 64},
    )
    # then both are refused and the ticket is not dispatched
    assert (missing.status_code, forged.status_code) == (403, 403)
    assert not Assignment.objects.exists()
    # while the page's own token works
    ok = client.post(
        f"/desk/t/{ticket.number}/dispatch/",
        {"main_unit": "city-housing", "csrfmiddlewaretoken": token},
    )
    assert ok.status_code == 302
    assert Assignment.objects.filter(ticket=ticket, unit__code="city-housing").exists()


def test_the_login_form_refuses_a_post_without_the_csrf_token(city):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "operator", "password": DEMO_PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    token = csrf_token(client.get("/login/"))
    response = client.post(
        "/login/", {"username": "operator", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_logging_out_needs_the_csrf_token(city):
    client = desk("operator", enforce_csrf_checks=True)
    assert client.post("/logout/").status_code == 403
    assert "_auth_user_id" in client.session
    token = csrf_token(client.get("/desk/tickets/"))
    assert client.post("/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in client.session
