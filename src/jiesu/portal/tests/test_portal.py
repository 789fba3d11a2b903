"""The citizen portal: submit without logging in, follow by number + query code, rate the answer
(the callback), ask again; bot checks and limits."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from jiesu.portal.models import Attempt, Photo
from jiesu.testing.builders import answer, person, portal_form
from jiesu.tickets import actions
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Callback, Event, Ticket

pytestmark = pytest.mark.usefixtures("city")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def submit(client: Client, **over) -> Ticket:
    response = client.post("/portal/", portal_form(client, **over))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/portal/done/"
    return Ticket.objects.latest("id")


def follow(client: Client, number: str, code: str):
    return client.post("/portal/follow/", {"number": number, "code": code})


def dispatch_and_answer(ticket: Ticket, text: str = "已督促物业公司更换楼道灯，现已恢复照明。"):
    actions.dispatch_ticket(ticket.number, main_unit="city-housing", actor=person("dispatcher"))
    answer(ticket, text)


def test_a_citizen_submits_without_logging_in_and_gets_number_and_code():
    client = Client()
    # when a request is submitted on the portal
    ticket = submit(client)
    # then it is a web ticket taken in by the intake action, created by no user
    assert ticket.channel == "web"
    assert ticket.created_by_id is None
    assert ticket.content.startswith("发生时间：2026-11-20 19:30\n花湖小区")
    assert ticket.subject.startswith("花湖小区3栋楼道灯坏了三个月")
    intake = Event.objects.get(ticket=ticket, kind=EventKind.INTAKE)
    assert (intake.actor_role, intake.data["channel"]) == ("caller", "web")
    # and the receipt shows the number and the query code
    page = client.get("/portal/done/").content.decode()
    assert ticket.number in page and ticket.query_code in page


def test_photos_are_kept_and_a_non_picture_is_refused_with_nothing_written():
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    ticket = submit(client, photos=[SimpleUploadedFile("楼道.png", PNG, "image/png")])
    assert Photo.objects.get(ticket=ticket).content_type == "image/png"
    before = Ticket.objects.count()
    fake = SimpleUploadedFile("x.png", b"#!/bin/sh\nrm -rf /", "image/png")
    response = client.post("/portal/", portal_form(client, photos=[fake]))
    assert response.status_code == 200
    assert "不是照片" in response.content.decode()
    assert Ticket.objects.count() == before


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"challenge": "99"}, "校验题回答不正确"),
        ({"token": "forged"}, "未通过人机校验"),
        ({"website": "http://spam.example"}, "未通过人机校验"),
        ({"caller_phone": ""}, "非匿名诉求须留联系电话"),
        ({"content": ""}, "这个字段是必填项"),
        ({"caller_phone": "123"}, "联系电话格式不正确"),
        ({"content": "坏\x07字符"}, "不允许的字符"),
        ({"content": "坏\x00字符"}, "不允许是用空字符串"),
    ],
)
def test_bad_submissions_are_refused_in_place_and_nothing_is_written(over, message):
    client = Client()
    response = client.post("/portal/", portal_form(client, **over))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Ticket.objects.exists()


def test_anonymous_submission_keeps_no_name_or_phone():
    ticket = submit(Client(), anonymous="on", caller_name="王女士", caller_phone="")
    assert (ticket.anonymous, ticket.caller_name, ticket.caller_phone) == (True, "", "")


@override_settings(JIESU_PORTAL_SUBMITS_PER_HOUR=2)
def test_submissions_are_limited_per_client():
    client = Client()
    submit(client)
    submit(client)
    response = client.post("/portal/", portal_form(client))
    assert response.status_code == 429
    assert "每小时最多提交 2 件" in response.content.decode()
    assert Ticket.objects.count() == 2


def test_follow_by_number_and_code_in_plain_words():
    client = Client()
    ticket = submit(client)
    other = Client()
    # a wrong code is the same answer as an unknown number
    wrong = follow(other, ticket.number, "000000" if ticket.query_code != "000000" else "111111")
    unknown = follow(other, "20991231-000001", ticket.query_code)
    assert wrong.status_code == unknown.status_code == 404
    assert "工单编号或查询码不正确" in wrong.content.decode()
    # without the code shown, the page is not open
    assert other.get(f"/portal/t/{ticket.number}/")["Location"] == "/portal/follow/"
    # with it, the status in plain words
    response = follow(other, ticket.number, ticket.query_code)
    assert response["Location"] == f"/portal/t/{ticket.number}/"
    page = other.get(response["Location"]).content.decode()
    assert "已受理，正在确定承办单位" in page
    assert "accepted" not in page.replace("state-accepted", "")


@override_settings(JIESU_PORTAL_LOOKUP_FAILURES=3)
def test_wrong_codes_lock_the_number_even_with_the_right_code():
    ticket = submit(Client())
    for i in range(3):
        follow(Client(REMOTE_ADDR=f"10.0.0.{i}"), ticket.number, "x")
    response = follow(Client(REMOTE_ADDR="10.0.0.99"), ticket.number, ticket.query_code)
    assert response.status_code == 429
    assert Attempt.objects.filter(kind="lookup_failed", number=ticket.number).count() == 3


def test_the_page_shows_the_answer_but_no_internal_notes_nor_another_ticket():
    client = Client()
    ticket = submit(client)
    mine = Client()
    follow(mine, ticket.number, ticket.query_code)
    # given the unit handled it, with a reviewer's internal comment on a sent-back draft
    actions.dispatch_ticket(ticket.number, main_unit="city-housing", actor=person("dispatcher"))
    ticket.refresh_from_db()
    from jiesu.tickets.actions.callback import main_assignment

    main = main_assignment(ticket)
    actions.sign_assignment(main.pk, actor=person("handler"))
    draft = actions.submit_reply(main.pk, "内部草稿：先拖一拖", actor=person("handler"))
    actions.review_reply(
        draft.pk, approve=False, comment="内部意见：措辞不当", actor=person("reviewer")
    )
    answer(ticket, "已督促物业公司更换楼道灯，现已恢复照明。")
    page = mine.get(f"/portal/t/{ticket.number}/").content.decode()
    # then the approved answer and the unit are there, and nothing internal
    assert "已督促物业公司更换楼道灯" in page and "市住房和城乡建设局" in page
    assert "内部草稿" not in page and "内部意见" not in page and "handler" not in page
    # and a proof for this ticket does not open another one
    another = submit(Client(REMOTE_ADDR="10.9.9.9"))
    assert mine.get(f"/portal/t/{another.number}/")["Location"] == "/portal/follow/"


def test_rating_is_the_callback_and_unsatisfied_asks_again():
    client = Client()
    ticket = submit(client)
    dispatch_and_answer(ticket)
    # an unsatisfied rating needs to say what is still wrong
    client.post(f"/portal/t/{ticket.number}/rate/", {"result": "unsatisfied", "comment": ""})
    assert not Callback.objects.filter(ticket=ticket).exists()
    # when the citizen is unsatisfied, with a comment
    client.post(
        f"/portal/t/{ticket.number}/rate/", {"result": "unsatisfied", "comment": "灯还是不亮"}
    )
    ticket.refresh_from_db()
    # then it is the ticket's callback and the unit handles it again
    callback = Callback.objects.get(ticket=ticket)
    assert (callback.result, callback.comment, callback.by_id) == (
        "unsatisfied",
        "灯还是不亮",
        None,
    )
    assert callback.main_unit.code == "city-housing"
    assert ticket.status == "rehandling"
    page = client.get(f"/portal/t/{ticket.number}/").content.decode()
    assert "正在重新办理" in page and "灯还是不亮" in page and 'name="result"' not in page
    # when the unit answers again and the citizen is satisfied, it closes
    answer(ticket, "已更换整栋楼道灯具并回访确认。")
    client.post(f"/portal/t/{ticket.number}/rate/", {"result": "satisfied", "comment": ""})
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert list(ticket.callbacks.order_by("id").values_list("result", flat=True)) == [
        "unsatisfied",
        "satisfied",
    ]
    # and rating again is refused (nothing to call back)
    client.post(f"/portal/t/{ticket.number}/rate/", {"result": "satisfied", "comment": ""})
    assert ticket.callbacks.count() == 2


def test_asking_again_prefills_a_new_request():
    page = Client().get("/portal/?about=20261124-000001").content.decode()
    assert "关于工单 20261124-000001 的再次诉求" in page


def test_the_caller_may_only_submit_and_rate_its_own():
    from jiesu.core.errors import Forbidden, NotFound
    from jiesu.portal.actions import portal_actor

    ticket = submit(Client())
    with pytest.raises(Forbidden):
        actions.dispatch_ticket(ticket.number, main_unit=None, actor=portal_actor(ticket.number))
    other = submit(Client(REMOTE_ADDR="10.1.1.1"))
    dispatch_and_answer(other)
    with pytest.raises(NotFound):
        actions.callback_ticket(other.number, result="satisfied", actor=portal_actor(ticket.number))
    with pytest.raises(NotFound):
        actions.callback_ticket(other.number, result="satisfied", actor=portal_actor())
