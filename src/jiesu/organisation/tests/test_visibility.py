"""What a person cannot see does not exist for them (issue 6, items 9 and 10): the desk forms fetch
through the API's accessors, the actions ask the permission module, and "not yours" answers
exactly like "not there" — same status, code and message — so ids cannot be enumerated."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.core.errors import NotFound
from jiesu.handling import actions as handling
from jiesu.testing.builders import answer, dispatched, kinds, make_ticket, person
from jiesu.tickets import actions
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.models import Ticket

T0 = datetime(2025, 6, 23, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
MISSING = 987654


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def desk(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


# --- item 9: the desk forms --------------------------------------------------------------------


def test_a_county_user_cannot_act_on_a_city_ticket_through_the_desk(api):
    # given a city consultation, a city complaint and a replied city ticket, none of them the county's
    consult = make_ticket(appeal_type="consult_general")
    accepted = make_ticket()
    replied = dispatched()
    answer(replied)
    assert api("county").get(f"/tickets/{accepted.number}").status == 404
    before = {t.number: kinds(t.number) for t in (consult, accepted, replied)}
    county = desk("county")
    # when the county posts the desk's forms
    answered = county.post(
        f"/desk/t/{consult.number}/answer-online/", {"content": "可在网上办理。"}
    )
    dispatched_ = county.post(
        f"/desk/t/{accepted.number}/dispatch/", {"main_unit": "hsg-st-1", "assist_units": ""}
    )
    called_back = county.post(
        f"/desk/t/{replied.number}/callback/", {"result": "satisfied", "comment": ""}
    )
    # then each is the 404 page and nothing is written
    assert [r.status_code for r in (answered, dispatched_, called_back)] == [404, 404, 404]
    assert "ticket_not_found" in called_back.content.decode()
    assert {t.number: kinds(t.number) for t in (consult, accepted, replied)} == before
    assert list(Ticket.objects.order_by("id").values_list("status", flat=True)) == [
        "accepted",
        "accepted",
        "replied",
    ]


def test_the_actions_themselves_refuse_a_ticket_out_of_sight(city):
    # given a city ticket the county platform neither took in nor holds
    ticket = make_ticket()
    # when / then: not 403 but "does not exist", as the API says
    with pytest.raises(NotFound) as exc:
        actions.dispatch_ticket(ticket.number, main_unit="hsg-st-1", actor=person("county"))
    assert exc.value.code == "ticket_not_found"
    assert kinds(ticket.number) == ["intake"]


# --- item 10: no existence oracle --------------------------------------------------------------


def _shape(body: dict, ident: object) -> tuple[str, str]:
    return body["code"], re.sub(re.escape(str(ident)), "{id}", body["message"])


def _pair(api, username: str, path: str, ident: int, method: str = "get", body: dict | None = None):
    client = api(username)
    call = (lambda p: client.get(p)) if method == "get" else (lambda p: client.post(p, body or {}))
    mine = call(path.format(id=ident))
    missing = call(path.format(id=MISSING))
    return (mine.status, _shape(mine.body, ident)), (missing.status, _shape(missing.body, MISSING))


def test_not_yours_and_not_there_answer_alike(api):
    # given a return, an extension and a reply of city-housing, on two tickets the water company never sees
    ticket = dispatched()
    main = main_assignment(ticket)
    actions.sign_assignment(main.pk, actor=person("handler"))
    extension = handling.request_extension(
        main.pk, working_days=3, reason="需现场勘查", actor=person("handler")
    )
    reply = actions.submit_reply(main.pk, "已处理。", actor=person("handler"))
    other = dispatched()
    returned = handling.request_return(
        main_assignment(other).pk,
        findings="经核实不属本单位职责",
        policy_basis="《物业管理条例》",
        suggested_unit="city-urban",
        actor=person("handler"),
    )
    cases = [
        ("/returns/{id}", returned.pk, "get", None),
        ("/returns/{id}/decide", returned.pk, "post", {"accept": False, "reason": "属本单位职责"}),
        ("/returns/{id}/dispute", returned.pk, "post", {"reason": "职责有争议"}),
        ("/extensions/{id}", extension.pk, "get", None),
        ("/extensions/{id}/decide", extension.pk, "post", {"approve": True, "reason": ""}),
        ("/replies/{id}/review", reply.pk, "post", {"approve": True, "comment": ""}),
        ("/assignments/{id}/sign", main.pk, "post", None),
        (
            "/assignments/{id}/extension",
            main.pk,
            "post",
            {"working_days": 3, "reason": "需现场勘查"},
        ),
    ]
    for path, ident, method, body in cases:
        # when the water company asks for one that exists and one that does not
        yours, missing = _pair(api, "water", path, ident, method, body)
        # then the answers cannot be told apart
        assert yours == missing, path
        assert yours[0] == 404, path
    # and one that is there answers with its own kind, not its assignment's
    assert _pair(api, "water", "/returns/{id}", returned.pk)[0] == (
        404,
        ("return_not_found", "退单申请{id}不存在或无权查看。"),
    )
