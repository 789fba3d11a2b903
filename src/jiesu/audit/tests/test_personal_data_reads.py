"""Audit log of reads of personal data (DESIGN §11): every showing of a caller's unmasked name and
phone — the ticket detail in the API and on the desk — appends a row; lists stay masked and are
not audited; the log cannot be changed, and administrators read it in the admin."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.audit.models import PersonalDataRead
from jiesu.testing.builders import make_ticket, person
from jiesu.tickets.actions import dispatch_ticket

T0 = datetime(2025, 6, 23, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
PHONE = "13800138000"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ticket(city):
    """A complaint from 张三 (13800138000), dispatched to the housing bureau."""
    t = make_ticket()
    dispatch_ticket(t.number, main_unit="city-housing", actor=person("operator"))
    return t


def desk(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_api_detail_for_the_platform_is_shown_unmasked_and_recorded(api, ticket):
    # when the operator reads the ticket through the API
    response = api("operator").get(f"/tickets/{ticket.number}")
    # then the caller is shown in full
    assert response.status == 200
    assert response.body["caller"] == {"name": "张三", "phone": PHONE, "hidden": False}
    # and exactly one row says who, in which unit, which ticket, when and through which channel
    [row] = PersonalDataRead.objects.all()
    assert (
        row.username,
        row.user.username,
        row.role,
        row.unit.code,
        row.ticket_id,
        row.channel,
        row.at,
    ) == (
        "operator",
        "operator",
        "operator",
        "city-platform",
        ticket.pk,
        "api",
        T0,
    )


def test_each_read_is_a_row(api, ticket):
    # when the supervisor reads the same ticket twice
    api("supervisor").get(f"/tickets/{ticket.number}")
    api("supervisor").get(f"/tickets/{ticket.number}")
    # then there are two rows, without a unit (the supervisor's office is not a unit)
    rows = list(PersonalDataRead.objects.order_by("id").values_list("username", "unit", "channel"))
    assert rows == [("supervisor", None, "api"), ("supervisor", None, "api")]


def test_desk_detail_is_recorded_with_the_desk_channel(ticket):
    # when the dispatcher opens the ticket's page
    response = desk("dispatcher").get(f"/desk/t/{ticket.number}/")
    # then the page shows the phone in full and the read is recorded
    assert response.status_code == 200
    assert PHONE in response.content.decode()
    [row] = PersonalDataRead.objects.all()
    assert (row.username, row.unit.code, row.ticket_id, row.channel, row.at) == (
        "dispatcher",
        "city-platform",
        ticket.pk,
        "desk",
        T0,
    )


def test_platform_action_responses_that_show_the_caller_are_recorded(api, ticket):
    # when the dispatcher reclassifies the ticket, whose response is the full ticket
    response = api("dispatcher").post(
        f"/tickets/{ticket.number}/classify", {"dispatch_class": "B", "track": "time_limited"}
    )
    # then that showing is recorded as well
    assert response.status == 200, response.body
    assert response.body["caller"]["phone"] == PHONE
    assert list(PersonalDataRead.objects.values_list("username", "channel")) == [
        ("dispatcher", "api")
    ]


def test_a_unit_sees_a_masked_caller_and_nothing_is_recorded(api, ticket):
    # when the housing bureau's handler reads its ticket, in the API and on the desk
    response = api("handler").get(f"/tickets/{ticket.number}")
    page = desk("handler").get(f"/desk/t/{ticket.number}/")
    # then the caller is masked and no read of personal data is recorded
    assert response.body["caller"] == {"name": "张*", "phone": "138****8000", "hidden": False}
    assert page.status_code == 200 and PHONE not in page.content.decode()
    assert not PersonalDataRead.objects.exists()


def test_lists_stay_masked_and_are_not_recorded(api, ticket):
    # when the operator reads the ticket list, in the API and on the desk
    response = api("operator").get("/tickets")
    page = desk("operator").get("/desk/tickets/")
    # then the caller is masked and nothing is recorded
    [item] = [i for i in response.body["items"] if i["number"] == ticket.number]
    assert item["caller"]["phone"] == "138****8000"
    assert ticket.number in page.content.decode() and PHONE not in page.content.decode()
    assert not PersonalDataRead.objects.exists()


def test_an_anonymous_callers_ticket_shows_nothing_personal_and_is_not_recorded(api, city):
    # given an anonymous request
    ticket = make_ticket(anonymous=True, caller_name="", caller_phone="")
    # when the operator reads it
    response = api("operator").get(f"/tickets/{ticket.number}")
    # then nothing personal is shown and nothing is recorded
    assert response.body["caller"]["name"] == "匿名"
    assert not PersonalDataRead.objects.exists()


def test_a_refused_read_records_nothing(api, ticket):
    # when the water company's handler asks for the housing bureau's ticket
    response = api("water").get(f"/tickets/{ticket.number}")
    page = desk("water").get(f"/desk/t/{ticket.number}/")
    # then it is not found, and no read is recorded
    assert response.status == 404 and page.status_code == 404
    assert not PersonalDataRead.objects.exists()


def test_the_log_is_append_only(api, ticket):
    # given a recorded read
    api("operator").get(f"/tickets/{ticket.number}")
    row = PersonalDataRead.objects.get()
    # when someone tries to change or delete it, one row or many
    row.username = "someone-else"
    for attempt in (
        row.save,
        row.delete,
        lambda: PersonalDataRead.objects.update(username="x"),
        PersonalDataRead.objects.all().delete,
    ):
        with pytest.raises(TypeError, match="append-only"):
            attempt()
    # then the row is as it was
    assert PersonalDataRead.objects.get().username == "operator"


def test_administrators_read_the_log_in_the_admin_and_cannot_change_it(api, ticket):
    # given a recorded read
    api("operator").get(f"/tickets/{ticket.number}")
    row = PersonalDataRead.objects.get()
    admin = desk("admin")
    # when an administrator opens the log in the admin
    listing = admin.get("/admin/audit/personaldataread/")
    detail = admin.get(f"/admin/audit/personaldataread/{row.pk}/change/")
    # then they see who read which ticket
    assert listing.status_code == 200
    assert [r.pk for r in listing.context["cl"].result_list] == [row.pk]
    assert ticket.number in listing.content.decode()
    assert detail.status_code == 200 and not detail.context["has_change_permission"]
    # and they cannot add, change or delete rows
    assert admin.get("/admin/audit/personaldataread/add/").status_code == 403
    assert (
        admin.post(f"/admin/audit/personaldataread/{row.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    admin.post(
        f"/admin/audit/personaldataread/{row.pk}/change/", {"username": "x", "channel": "desk"}
    )
    assert PersonalDataRead.objects.get().username == "operator"


def test_the_log_is_closed_to_people_without_the_admin(ticket):
    # when a unit handler (not staff) asks for the admin's audit log
    response = desk("handler").get("/admin/audit/personaldataread/")
    # then they are sent to the admin login
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_ticket_admin_does_not_show_the_caller(ticket):
    # when an administrator opens the ticket in the Django admin, which is not audited
    response = desk("admin").get(f"/admin/tickets/ticket/{ticket.pk}/change/")
    # then the ticket is there but its caller is not
    assert response.status_code == 200
    page = response.content.decode()
    assert ticket.subject in page
    assert PHONE not in page and "张三" not in page
