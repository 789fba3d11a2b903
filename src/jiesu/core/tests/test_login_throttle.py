"""Login throttling (DESIGN §11) on the desk login form and the Django admin login: five failures
for one username from one client address lock further logins of that username from that address
for fifteen minutes (docs/decisions/0017-login-lockout-by-user-and-address.md)."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from jiesu.core.demo_city import DEMO_PASSWORD

T0 = datetime(2025, 6, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
LOCKED = "登录失败次数过多"
WRONG = "用户名或密码不正确"


@pytest.fixture
def people(city, clock):
    """The demo city's logins (operator, dispatcher, admin …) on a frozen clock."""


def attempt(
    username: str,
    password: str,
    *,
    ip: str = "10.1.1.1",
    path: str = "/login/",
    client: Client | None = None,
    **extra,
):
    client = client or Client()
    response = client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )
    return client, response


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(username: str, times: int, **kw) -> list:
    return [attempt(username, "wrong-password", **kw)[1] for _ in range(times)]


def test_five_failures_for_one_username_from_one_address_lock_it_even_with_the_right_password(
    people,
):
    # given four failed logins for the operator from one address
    responses = fail("operator", 4, ip="10.0.0.1")
    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert all(WRONG in r.content.decode() for r in responses)
    # when the fifth fails too
    _, fifth = attempt("operator", "wrong-password", ip="10.0.0.1")
    # then it is answered with the lockout page
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    # and the right password from that address is refused
    client, response = attempt("operator", DEMO_PASSWORD, ip="10.0.0.1")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "请 15 分钟后再试" in page and "即使密码正确也无法登录" in page
    assert not logged_in(client)
    # while another username from the same address still logs in
    client, response = attempt("dispatcher", DEMO_PASSWORD, ip="10.0.0.1")
    assert response.status_code == 302 and logged_in(client)


def test_failures_from_different_addresses_or_for_different_usernames_do_not_add_up(people):
    # given four failures for the operator from each of two addresses, and five failed logins
    # from a third address each for a different username
    fail("operator", 4, ip="10.2.2.1")
    fail("operator", 4, ip="10.2.2.2")
    for name in ["operator", "dispatcher", "handler", "nobody", "ghost"]:
        attempt(name, "wrong-password", ip="10.2.2.3")
    # then no combination reached five, and the operator logs in from each address
    for ip in ["10.2.2.1", "10.2.2.2", "10.2.2.3"]:
        client, response = attempt("operator", DEMO_PASSWORD, ip=ip)
        assert response.status_code == 302 and logged_in(client), ip


def test_the_lockout_lasts_fifteen_minutes_and_attempts_during_it_do_not_extend_it(people, clock):
    # given a locked username
    fail("operator", 5)
    # when the right password is tried after fourteen minutes
    clock.move_to(T0 + timedelta(minutes=14))
    client, response = attempt("operator", DEMO_PASSWORD)
    # then it is still refused
    assert response.status_code == 429 and not logged_in(client)
    # and just after fifteen minutes it works, although an attempt was made during the lockout
    clock.move_to(T0 + timedelta(minutes=15, seconds=1))
    client, response = attempt("operator", DEMO_PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_failures_older_than_fifteen_minutes_are_forgotten(people, clock):
    # given four failures
    fail("operator", 4)
    # when fifteen minutes pass and one more fails
    clock.move_to(T0 + timedelta(minutes=15, seconds=1))
    [fifth] = fail("operator", 1)
    # then that is a plain wrong password, not a lockout
    assert fifth.status_code == 200 and WRONG in fifth.content.decode()
    client, response = attempt("operator", DEMO_PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_a_successful_login_clears_the_usernames_failures(people):
    # given four failures and then a successful login
    fail("operator", 4)
    client, response = attempt("operator", DEMO_PASSWORD)
    assert response.status_code == 302
    # when four more fail (eight in all, but four since the success)
    responses = fail("operator", 4)
    # then none of them is locked out and the right password still works
    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    client, response = attempt("operator", DEMO_PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_a_successful_login_does_not_clear_other_usernames_failures_from_that_address(people):
    # given four failures from one address against the dispatcher
    fail("dispatcher", 4, ip="10.4.4.4")
    # and someone with a valid account logging in from that address
    _, response = attempt("operator", DEMO_PASSWORD, ip="10.4.4.4")
    assert response.status_code == 302
    # when one more login for the dispatcher fails from that address
    [fifth] = fail("dispatcher", 1, ip="10.4.4.4")
    # then the dispatcher is locked there: the success cleared only the operator's own failures
    assert fifth.status_code == 429
    _, response = attempt("dispatcher", DEMO_PASSWORD, ip="10.4.4.4")
    assert response.status_code == 429


def test_the_admin_login_is_throttled_too(people):
    # given five failed admin logins
    responses = fail("admin", 5, path="/admin/login/")
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    # when the right password is given to the admin login
    client, response = attempt("admin", DEMO_PASSWORD, path="/admin/login/")
    # then it is refused with the Chinese lockout page, and the admin stays closed
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_desk_and_admin_failures_count_together(people):
    # given three failures on the desk login and two on the admin login
    fail("admin", 3)
    fail("admin", 2, path="/admin/login/")
    # when the right password is given to the desk login
    client, response = attempt("admin", DEMO_PASSWORD)
    # then it is refused
    assert response.status_code == 429 and not logged_in(client)


def test_the_count_lives_in_the_database_not_in_the_cache(people):
    # given a locked username
    fail("operator", 5)
    assert AccessAttempt.objects.filter(username="operator").exists()
    # when the process's cache is emptied (another gunicorn worker has its own)
    cache.clear()
    # then the lockout holds
    client, response = attempt("operator", DEMO_PASSWORD)
    assert response.status_code == 429 and not logged_in(client)


def test_behind_a_proxy_the_address_comes_from_x_forwarded_for(people, settings):
    # given one trusted reverse proxy that appends the client's address
    settings.JIESU_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.254"
    # and five failures from one client, which also sends a forged address of its own
    fail("operator", 5, ip=proxy, HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.7")
    # when that client, and then another client behind the same proxy, log in
    _, same = attempt("operator", DEMO_PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    client, other = attempt(
        "operator", DEMO_PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    # then only the first is refused: the proxy's own address is not what is counted
    assert same.status_code == 429
    assert other.status_code == 302 and logged_in(client)


def test_the_limits_come_from_settings(people, settings):
    # given a centre that allows three failures and locks for thirty minutes
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    # when three logins fail
    responses = fail("operator", 3)
    # then the third is locked out, with the configured figures in the message
    assert [r.status_code for r in responses] == [200, 200, 429]
    page = responses[-1].content.decode()
    assert "（3 次）" in page and "请 30 分钟后再试" in page


def test_authenticating_without_a_request_is_not_a_web_login_and_is_not_throttled(people):
    # given a locked username
    fail("operator", 5)
    # when code checks passwords without a request (Django's test client logs in this way)
    wrong = Client().login(username="operator", password="wrong-password")
    counted = list(AccessAttempt.objects.values_list("username", "failures_since_start"))
    right = Client().login(username="operator", password=DEMO_PASSWORD)
    # then the password alone decides, and the wrong one is not counted
    assert (wrong, right) == (False, True)
    assert counted == [("operator", 5)]


def test_one_persons_failures_do_not_lock_a_call_centre_behind_one_address(people):
    # given a call centre whose staff all reach the site from one NAT address
    nat = "10.9.9.9"
    # when one operator fails five times (and a colleague four times)
    fail("operator", 5, ip=nat)
    fail("handler", 4, ip=nat)
    # then that operator is locked out from that address
    client, response = attempt("operator", DEMO_PASSWORD, ip=nat)
    assert response.status_code == 429 and not logged_in(client)
    # while every colleague behind the same address still logs in
    for name in ["dispatcher", "handler", "supervisor"]:
        client, response = attempt(name, DEMO_PASSWORD, ip=nat)
        assert response.status_code == 302 and logged_in(client), name


def test_the_readme_unlock_command_unlocks(people):
    # given an operator locked out after five failures, and someone else failing from the same
    # address (a shared office address)
    fail("ghost", 5)
    fail("operator", 5)
    assert attempt("operator", DEMO_PASSWORD)[1].status_code == 429
    # when the administrator runs the README's command
    out = StringIO()
    call_command("axes_reset_username", "operator", stdout=out)
    # then the operator logs in at once, and the command said what it removed
    assert "removed" in out.getvalue()
    client, response = attempt("operator", DEMO_PASSWORD)
    assert response.status_code == 302 and logged_in(client)
