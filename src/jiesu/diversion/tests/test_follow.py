"""Webhooks for the city apps that follow tickets: dispatched, answered, closed — signed,
queued in the step's own transaction, one per app and step, without the caller's data."""

from __future__ import annotations

import pytest

from jiesu.diversion import deliveries, webhooks
from jiesu.diversion.models import Delivery
from jiesu.testing.builders import answer, dispatched, make_ticket, person
from jiesu.testing.receiver import Receiver
from jiesu.tickets import actions


@pytest.fixture
def city_app(settings):
    with Receiver() as r:
        settings.JIESU_WEBHOOKS = {"cityapp": r.url}
        settings.JIESU_WEBHOOK_SECRETS = {"cityapp": "app-secret"}
        yield r


def events_received(receiver: Receiver) -> list[str]:
    return [r.json()["event"] for r in receiver.received]


def test_a_city_app_follows_a_ticket_from_dispatch_to_close(city, city_app):
    # given
    ticket = dispatched()
    answer(ticket)
    # when
    actions.callback_ticket(ticket.number, result="satisfied", actor=person("operator"))
    sent = deliveries.send_due()
    # then
    assert sent == 3
    assert events_received(city_app) == ["ticket.dispatched", "ticket.answered", "ticket.closed"]
    first, answered, closed = (r.json() for r in city_app.received)
    assert (first["unit"], first["role"]) == ("city-housing", "main")
    assert first["ticket"]["status"] == "dispatched"
    assert answered["answer"] == "已督促物业公司更换楼道灯，现已恢复照明。"
    assert closed["ticket"]["status"] == "closed"
    for request in city_app.received:
        headers = {k.lower(): v for k, v in request.headers.items()}
        assert webhooks.verify(
            "app-secret", headers["x-jiesu-timestamp"], request.body, headers["x-jiesu-signature"]
        )
        assert b"13800138000" not in request.body  # no caller data
        assert "张三".encode() not in request.body
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_an_app_gets_only_the_steps_it_follows(city, city_app, settings):
    # given
    settings.JIESU_WEBHOOK_EVENTS = ["closed"]
    settings.JIESU_ONLINE_CALLBACK_SHARE = 0  # an online answer not drawn for callback closes
    ticket = make_ticket(appeal_type="consult_general", subject="公积金提取咨询")
    # when
    actions.answer_online(ticket.number, "可携带身份证到公积金中心办理。", actor=person("operator"))
    # then
    assert list(Delivery.objects.values_list("event", flat=True)) == ["ticket.closed"]


def test_no_app_no_delivery(city, settings):
    # given
    settings.JIESU_WEBHOOKS = {}
    # when
    dispatched()
    # then
    assert not Delivery.objects.exists()


def test_a_failed_step_queues_nothing(city, city_app):
    # given
    ticket = dispatched()
    # when: dispatching again is refused
    with pytest.raises(Exception, match="不能派单"):
        actions.dispatch_ticket(ticket.number, main_unit=None, actor=person("dispatcher"))
    # then: only the first dispatch's delivery exists
    assert list(Delivery.objects.values_list("event", flat=True)) == ["ticket.dispatched"]
