"""Who is told what: the event log read past the cursor (decision 0021) becomes one notification
per person concerned — new work for the unit, clocks, reviews and decisions that await someone,
and what comes back — never for the person who caused it, never twice."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail

from jiesu.handling.actions import decide_extension, request_extension
from jiesu.notifications.actions import deliver, mark_read
from jiesu.notifications.choices import Reason
from jiesu.notifications.models import Notification
from jiesu.notifications.queries import notification_page, unread_count
from jiesu.testing.builders import dispatched, main_assignment, make_ticket, person
from jiesu.tickets import actions

T0 = datetime(2025, 6, 23, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def told(username: str) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(recipient__username=username)
        .order_by("id")
        .values_list("reason", "event__kind")
    )


def test_a_dispatch_tells_the_units_handler_and_nobody_else(city):
    # given a ticket dispatched to city-housing
    ticket = dispatched()
    # when the notifications run
    result = deliver()
    # then the housing handler has one, about the new work; the dispatcher who did it has none
    assert told("handler") == [(Reason.DISPATCHED, "dispatched")]
    assert told("dispatcher") == []
    assert told("street") == []
    n = Notification.objects.get(recipient__username="handler")
    assert ticket.number in n.text and "市住房和城乡建设局" in n.text
    assert result.notifications == 1


def test_a_second_run_tells_nobody_twice(city):
    dispatched()
    deliver()
    again = deliver()
    assert again.notifications == 0
    assert Notification.objects.count() == 1


def test_an_event_committed_behind_the_cursor_is_still_seen(city):
    # given a run that has already read past a dispatch (as if a later id committed first)
    ticket = dispatched()
    deliver()
    Notification.objects.all().delete()
    # when the next run reads again inside its look-back window
    deliver()
    # then the missed notification is written
    assert told("handler") == [(Reason.DISPATCHED, "dispatched")]
    assert ticket


def test_a_submitted_reply_awaits_the_section_head_and_a_sent_back_one_comes_back(city):
    ticket = dispatched()
    main = main_assignment(ticket)
    actions.sign_assignment(main.pk, actor=person("handler"))
    reply = actions.submit_reply(main.pk, "已处理完毕。", actor=person("handler"))
    deliver()
    assert (Reason.AWAITING, "reply_submitted") in told("reviewer")
    actions.review_reply(
        reply.pk, approve=False, comment="未说明处理结果", actor=person("reviewer")
    )
    deliver()
    assert (Reason.CAME_BACK, "reply_sent_back") in told("handler")
    assert all(kind != "reply_sent_back" for _r, kind in told("reviewer"))


def test_an_extension_awaits_the_dispatcher_and_a_refusal_comes_back(city):
    ticket = dispatched()
    main = main_assignment(ticket)
    actions.sign_assignment(main.pk, actor=person("handler"))
    request = request_extension(
        main.pk, working_days=3, reason="需协调多部门", actor=person("handler")
    )
    deliver()
    assert (Reason.AWAITING, "extension_requested") in told("dispatcher")
    decide_extension(request.pk, approve=False, reason="理由不充分", actor=person("dispatcher"))
    deliver()
    assert (Reason.CAME_BACK, "extension_decided") in told("handler")


def test_an_approved_extension_is_not_something_that_came_back(city):
    ticket = dispatched()
    main = main_assignment(ticket)
    actions.sign_assignment(main.pk, actor=person("handler"))
    request = request_extension(
        main.pk, working_days=3, reason="需协调多部门", actor=person("handler")
    )
    decide_extension(request.pk, approve=True, reason="同意", actor=person("dispatcher"))
    deliver()
    assert all(kind != "extension_decided" for _r, kind in told("handler"))


def test_the_sweeps_warning_and_overdue_marks_reach_the_unit(city, clock):
    dispatched()
    deliver()
    clock.shift(timedelta(days=3))
    actions.sweep()
    deliver()
    reasons = {reason for reason, _kind in told("handler")}
    assert Reason.OVERDUE in reasons
    assert Reason.OVERDUE in {reason for reason, _kind in told("leader")}


def test_email_is_off_by_default(city, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    dispatched()
    assert deliver().emails == 0
    assert mail.outbox == []


def test_email_when_switched_on_goes_once_to_people_with_an_address(city, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.JIESU_NOTIFY_EMAIL = True
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username="handler").update(email="handler@example.org")
    ticket = dispatched()
    assert deliver().emails == 1
    assert deliver().emails == 0
    [message] = mail.outbox
    assert message.to == ["handler@example.org"]
    assert ticket.number in message.body


def test_marking_read_touches_only_ones_own(city):
    dispatched()
    make_ticket()
    deliver()
    handler = person("handler")
    [n] = Notification.objects.filter(recipient__username="handler")
    assert unread_count(handler.user_id) == 1
    assert mark_read(person("street"), [n.pk]) == 0
    assert unread_count(handler.user_id) == 1
    assert mark_read(handler, [n.pk]) == 1
    assert unread_count(handler.user_id) == 0
    rows, has_next = notification_page(handler)
    assert [r.pk for r in rows] == [n.pk] and not has_next


def _handler_phone(phone: str = "13800000001") -> None:
    from jiesu.accounts.models import Account

    user = get_user_model().objects.get(username="handler")
    Account.objects.update_or_create(user=user, defaults={"phone": phone})


def test_sms_is_off_by_default(city):
    _handler_phone()
    dispatched()
    assert deliver().texts == 0
    assert not Notification.objects.filter(texted_at__isnull=False).exists()


def test_sms_through_the_gateway_signed_once_to_people_with_a_phone(city, settings):
    from jiesu.diversion.webhooks import verify
    from jiesu.testing.receiver import Receiver

    _handler_phone()
    with Receiver() as gateway:
        settings.JIESU_NOTIFY_SMS_URL = gateway.url
        settings.JIESU_NOTIFY_SMS_SECRET = "sms-secret"
        ticket = dispatched()
        assert deliver().texts == 1  # the handler has a phone; the leader has none
        assert deliver().texts == 0  # never twice
    [sms] = gateway.received
    body = sms.json()
    assert body["phone"] == "13800000001" and body["ticket"] == ticket.number
    assert body["text"].startswith("【接诉】") and ticket.number in body["text"]
    assert verify(
        "sms-secret", sms.headers["X-Jiesu-Timestamp"], sms.body, sms.headers["X-Jiesu-Signature"]
    )
    texted = Notification.objects.get(pk=body["notification"])
    assert texted.recipient.username == "handler" and texted.texted_at == T0


def test_a_failing_gateway_keeps_the_text_for_the_next_run(city, settings, clock):
    from jiesu.testing.receiver import Receiver

    _handler_phone()
    with Receiver(answers=[(503, "busy"), (200, "{}")]) as gateway:
        settings.JIESU_NOTIFY_SMS_URL = gateway.url
        settings.JIESU_NOTIFY_SMS_SECRET = "sms-secret"
        dispatched()
        assert deliver().texts == 0
        assert Notification.objects.filter(texted_at__isnull=True).exists()
        assert deliver().texts == 1
    assert len(gateway.received) == 2


def test_no_sms_for_what_was_read_or_is_too_old(city, settings, clock):
    from jiesu.testing.receiver import Receiver

    _handler_phone()
    with Receiver() as gateway:
        settings.JIESU_NOTIFY_SMS_URL = gateway.url
        settings.JIESU_NOTIFY_SMS_SECRET = "sms-secret"
        dispatched()
        settings.JIESU_NOTIFY_SMS_URL = ""
        deliver()  # told in the desk while SMS was off
        settings.JIESU_NOTIFY_SMS_URL = gateway.url
        clock.shift(timedelta(hours=25))
        assert deliver().texts == 0  # a day old: not worth a text any more
        clock.shift(timedelta(hours=-25))
        mark_read(person("handler"))
        assert deliver().texts == 0  # read in the desk already
    assert gateway.received == []
