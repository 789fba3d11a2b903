"""The case library: a closed ticket with a satisfied callback joins with one click; other
tickets are refused with the reason; callers' phone numbers and names are not copied."""

from __future__ import annotations

import pytest

from jiesu.knowledge import actions, search
from jiesu.knowledge.models import Document
from jiesu.testing.builders import make_ticket, person, replied
from jiesu.tickets import actions as ticket_actions

pytestmark = pytest.mark.usefixtures("city")


def closed_satisfied():
    ticket = replied(
        subject="企业用电报装办理慢",
        content="张三反映公司新厂房用电报装两个月未办结，电话13800138000。",
    )
    ticket_actions.callback_ticket(ticket.number, result="satisfied", actor=person("operator"))
    ticket.refresh_from_db()
    return ticket


def test_a_closed_satisfied_ticket_becomes_a_case():
    ticket = closed_satisfied()
    doc = actions.add_case(ticket, actor=person("operator"))
    assert (doc.kind, doc.ticket_id, doc.title) == ("case", ticket.pk, "企业用电报装办理慢")
    assert "13800138000" not in doc.body and "张三" not in doc.body
    search.forget_stats()
    assert search.search("厂房用电报装很慢怎么办", k=3)[0].doc_id == doc.pk


def test_a_ticket_joins_once():
    ticket = closed_satisfied()
    actions.add_case(ticket, actor=person("operator"))
    with pytest.raises(Exception) as refused:
        actions.add_case(ticket, actor=person("operator"))
    assert refused.value.code == "case_refused"
    assert Document.objects.filter(ticket=ticket).count() == 1


def test_an_open_ticket_is_refused_with_its_reason():
    ticket = make_ticket()
    assert actions.case_refusal(ticket) == "只有已办结的工单可以加入案例库。"
    with pytest.raises(Exception) as refused:
        actions.add_case(ticket, actor=person("operator"))
    assert refused.value.status == 409


def test_the_ticket_page_button_posts_and_redirects(client):
    from django.contrib.auth import get_user_model

    ticket = closed_satisfied()
    client.force_login(get_user_model().objects.get(username="operator"))
    button = client.get(f"/desk/knowledge/case/{ticket.number}/")
    assert "加入案例库" in button.content.decode()
    done = client.post(f"/desk/knowledge/case/{ticket.number}/")
    assert done.status_code == 302 and Document.objects.filter(ticket=ticket).exists()
    assert "已在案例库" in client.get(f"/desk/knowledge/case/{ticket.number}/").content.decode()


def test_a_unit_handler_sees_no_button(client):
    from django.contrib.auth import get_user_model

    ticket = closed_satisfied()
    client.force_login(get_user_model().objects.get(username="handler"))
    page = client.get(f"/desk/knowledge/case/{ticket.number}/")
    assert "加入案例库" not in page.content.decode()


def test_a_case_is_suggested_at_intake_with_its_kind_named(client):
    from django.contrib.auth import get_user_model

    actions.add_case(closed_satisfied(), actor=person("operator"))
    search.forget_stats()
    client.force_login(get_user_model().objects.get(username="operator"))
    panel = client.get("/desk/knowledge/answers/", {"q": "新厂房用电报装很慢"}).content.decode()
    assert "企业用电报装办理慢" in panel and "· 案例" in panel
