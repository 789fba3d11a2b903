"""Real hand-offs (R12): a diverted ticket reaches the receiving system as a signed webhook,
retried with back-off, logged attempt by attempt, kept as a dead letter the platform can retry;
the receiving system's result comes back with its own account. Tested against a real HTTP
receiver started by the test."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from jiesu.diversion import deliveries, webhooks
from jiesu.diversion.models import Delivery, Diversion
from jiesu.testing.builders import T0, ApiClient, kinds, last_event, make_ticket
from jiesu.testing.receiver import Receiver

SECRET = "s3cret-101"


@pytest.fixture
def receiver(settings):
    with Receiver(answers=[(200, '{"ref": "QY-REMOTE-7"}')]) as r:
        settings.JIESU_DIVERSION_URLS = {"enterprise101": r.url, "xinfang": r.url}
        settings.JIESU_DIVERSION_SECRETS = {"enterprise101": SECRET, "xinfang": "s3cret-xf"}
        settings.JIESU_DIVERSION_ACCOUNTS = {"enterprise101": "sys-101", "xinfang": "sys-xf"}
        settings.JIESU_WEBHOOK_MAX_ATTEMPTS = 3
        settings.JIESU_WEBHOOK_RETRY_SECONDS = 30
        yield r


def divert_enterprise(api):
    ticket = make_ticket(
        enterprise=True, subject="企业用地审批慢", content="项目用地手续办理超期，无牵头部门。"
    )
    response = api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": "enterprise101", "reason": "涉企诉求"}
    )
    assert response.status == 201, response.body
    return ticket, response.body


def account(username: str) -> ApiClient:
    get_user_model().objects.create_user(username=username, password="x-test-password")
    return ApiClient(username)


def test_a_diverted_ticket_reaches_the_receiver_signed(api, receiver):
    # given
    ticket, diverted = divert_enterprise(api)
    delivery = Delivery.objects.get()
    # when
    sent = deliveries.send_due()
    # then
    assert sent == 1
    [request] = receiver.received
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert headers["x-jiesu-event"] == "diversion.created"
    assert headers["x-jiesu-delivery"] == str(delivery.pk)
    assert webhooks.verify(
        SECRET, headers["x-jiesu-timestamp"], request.body, headers["x-jiesu-signature"]
    )
    assert not webhooks.verify(
        "wrong", headers["x-jiesu-timestamp"], request.body, headers["x-jiesu-signature"]
    )
    body = request.json()
    assert body["ticket"]["number"] == ticket.number
    assert body["ticket"]["subject"] == "企业用地审批慢"  # Chinese intact
    assert body["reference"] == diverted["external_ref"] == f"QY-{ticket.number}"
    assert body["result_url"] == f"/api/v1/diversions/{diverted['id']}/result"
    assert body["ticket"]["caller"]["phone"] == "13800138000"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.delivered_at) == ("delivered", 1, T0)
    [attempt] = delivery.attempt_log.all()
    assert (attempt.ok, attempt.status_code, attempt.url) == (True, 200, receiver.url)
    assert Diversion.objects.get().remote_ref == "QY-REMOTE-7"
    assert deliveries.send_due() == 0  # delivered once


def test_failures_are_retried_with_back_off_then_kept_as_a_dead_letter(api, receiver, clock):
    # given
    receiver.answers = [(503, "busy"), (500, "error"), (502, "bad gateway"), (200, "{}")]
    divert_enterprise(api)
    delivery = Delivery.objects.get()
    # when: the first attempt fails
    deliveries.send_due()
    delivery.refresh_from_db()
    # then: the next one waits 30 s, and nothing is sent before
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at == T0 + timedelta(seconds=30)
    assert delivery.last_error == "HTTP 503"
    assert deliveries.send_due() == 0
    # when: 30 s later it fails again, then it waits twice as long
    clock.move_to(T0 + timedelta(seconds=30))
    assert deliveries.send_due() == 1
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == T0 + timedelta(seconds=90)
    # when: the third and last attempt fails
    clock.move_to(T0 + timedelta(seconds=90))
    deliveries.send_due()
    delivery.refresh_from_db()
    # then: a dead letter, listed for the platform, every attempt logged
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("dead", 3, None)
    assert [a.status_code for a in delivery.attempt_log.all()] == [503, 500, 502]
    assert [a.response for a in delivery.attempt_log.all()] == ["busy", "error", "bad gateway"]
    dead = api("dispatcher").get("/deliveries?status=dead").body
    assert [d["id"] for d in dead["items"]] == [delivery.pk]
    assert dead["items"][0]["status_label"] == "投递失败（死信）"
    # when: the platform retries it
    retried = api("dispatcher").post(f"/deliveries/{delivery.pk}/retry")
    deliveries.send_due()
    # then
    assert retried.status == 200, retried.body
    assert retried.body["status"] == "pending"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 4)
    assert len(receiver.received) == 4


def test_only_a_dead_letter_can_be_retried_and_only_by_the_city_platform(api, receiver):
    # given
    divert_enterprise(api)
    delivery = Delivery.objects.get()
    # when
    pending = api("dispatcher").post(f"/deliveries/{delivery.pk}/retry")
    handler = api("handler").post(f"/deliveries/{delivery.pk}/retry")
    county = api("county").get("/deliveries")
    missing = api("dispatcher").get("/deliveries/999999")
    # then
    assert (pending.status, pending.body["code"]) == (409, "state_conflict")
    assert (handler.status, handler.body["code"]) == (403, "forbidden")
    assert (county.status, county.body["code"]) == (403, "forbidden")
    assert (missing.status, missing.body["code"]) == (404, "delivery_not_found")


def test_an_unreachable_receiver_is_logged_as_an_error(api, receiver, settings):
    # given: nothing listens at the address
    with Receiver() as gone:
        url = gone.url
    settings.JIESU_DIVERSION_URLS = {"enterprise101": url}
    divert_enterprise(api)
    # when
    deliveries.send_due()
    # then
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    [attempt] = delivery.attempt_log.all()
    assert (attempt.ok, attempt.status_code) == (False, None)
    assert "Connection refused" in attempt.error or "URLError" in attempt.error


def test_a_channel_without_an_address_is_recorded_locally_only(api, settings):
    # given
    settings.JIESU_DIVERSION_URLS = {}
    # when
    ticket, diverted = divert_enterprise(api)
    # then
    assert diverted["external_ref"] == f"QY-{ticket.number}"
    assert not Delivery.objects.exists()


def test_the_receiving_system_reports_its_result_with_its_own_account(api, receiver):
    # given
    ticket, diverted = divert_enterprise(api)
    deliveries.send_due()
    body = receiver.received[0].json()
    system = account("sys-101")
    # when
    seen = system.get(f"/diversions/{body['diversion']}")
    response = system.post(
        body["result_url"].removeprefix("/api/v1"),
        {"result": "已协调市自然资源和规划局办理，企业满意。", "external_ref": "QY-2025-0042"},
    )
    # then
    assert seen.status == 200 and seen.body["ticket"] == ticket.number
    assert response.status == 200, response.body
    assert (response.body["ticket_status"], response.body["remote_ref"]) == (
        "closed",
        "QY-2025-0042",
    )
    assert kinds(ticket.number)[-2:] == ["external_result", "closed"]
    assert last_event(ticket.number, "external_result").actor_name == "sys-101"
    shown = api("operator").get(f"/tickets/{ticket.number}").body
    assert shown["answer"].startswith("已协调")


def test_a_channel_account_sees_nothing_beyond_its_own_channel(api, receiver):
    # given: one hand-over to 101, one to 信访
    _, to_101 = divert_enterprise(api)
    other = make_ticket(subject="历史遗留拆迁安置问题")
    to_xf = (
        api("operator")
        .post(
            f"/tickets/{other.number}/divert", {"channel": "xinfang", "reason": "历史遗留信访问题"}
        )
        .body
    )
    xinfang = account("sys-xf")
    stranger = account("nobody")
    # when
    foreign = xinfang.post(f"/diversions/{to_101['id']}/result", {"result": "已处理"})
    ticket_read = xinfang.get(f"/tickets/{other.number}")
    by_number = xinfang.post(
        f"/tickets/{to_101['ticket']}/external-result",
        {"channel": "enterprise101", "result": "已处理"},
    )
    nobody = stranger.post(f"/diversions/{to_xf['id']}/result", {"result": "已处理"})
    own = xinfang.post(f"/diversions/{to_xf['id']}/result", {"result": "已转信访局办理"})
    # then
    assert (foreign.status, foreign.body["code"]) == (404, "diversion_not_found")
    assert (ticket_read.status, ticket_read.body["code"]) == (404, "ticket_not_found")
    assert (by_number.status, by_number.body["code"]) == (404, "ticket_not_found")
    assert (nobody.status, nobody.body["code"]) == (404, "diversion_not_found")
    assert own.status == 200, own.body
    assert Diversion.objects.get(pk=to_101["id"]).result == ""


def test_an_empty_result_is_refused_and_nothing_is_written(api, receiver):
    # given
    ticket, diverted = divert_enterprise(api)
    system = account("sys-101")
    before = kinds(ticket.number)
    # when
    empty = system.post(f"/diversions/{diverted['id']}/result", {"result": "  "})
    long_ref = system.post(
        f"/diversions/{diverted['id']}/result", {"result": "已办", "external_ref": "x" * 81}
    )
    # then
    assert (empty.status, empty.body["code"]) == (422, "empty_field")
    assert (long_ref.status, long_ref.body["code"]) == (422, "field_too_long")
    assert kinds(ticket.number) == before


def test_the_cli_lists_and_retries_dead_letters(api, receiver, settings, capsys):
    # given
    settings.JIESU_WEBHOOK_MAX_ATTEMPTS = 1
    receiver.answers = [(500, "down"), (200, "{}")]
    divert_enterprise(api)
    call_command("deliveries", "send")
    # when
    call_command("deliveries", "list", "--status", "dead")
    listed = capsys.readouterr().out
    call_command("deliveries", "retry", "--all-dead")
    call_command("deliveries", "send")
    # then
    assert "投递失败（死信）" in listed and "enterprise101" in listed
    assert Delivery.objects.get().status == "delivered"


@pytest.fixture
def queue_in_memory():
    """Huey's immediate mode: tasks run at once, scheduled ones wait in memory (not in the
    data directory's queue)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = False


def test_the_task_sends_a_delivery_and_schedules_its_retry(api, receiver, queue_in_memory):
    # given
    from jiesu.diversion.tasks import deliver

    receiver.answers = [(500, "down")]
    divert_enterprise(api)
    delivery = Delivery.objects.get()
    # when
    status = deliver(delivery.pk)
    again = deliver.call_local(delivery.pk)  # not due yet: nothing is sent
    # then
    assert status.get() == "pending"
    assert again is None
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == timezone.now() + timedelta(seconds=30)
    [retry] = queue_in_memory.scheduled()
    assert (retry.name, retry.args) == ("deliver", (delivery.pk,))
