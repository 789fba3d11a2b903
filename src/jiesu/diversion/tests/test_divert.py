"""R12 分流: a D-class request goes out with a reason, only from `accepted`; the "101" result
comes back and closes the ticket."""

from __future__ import annotations

import pytest

from jiesu.diversion.models import Diversion
from jiesu.testing.builders import dispatched, event_count, kinds, last_event, make_ticket


def test_a_petition_is_diverted_to_xinfang_and_closed_for_12345(api):
    # given
    ticket = make_ticket(subject="历史遗留拆迁安置问题", content="2010年拆迁安置至今未落实。")
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": "xinfang", "reason": "历史遗留信访问题"}
    )
    # then
    assert response.status == 201, response.body
    assert response.body["external_ref"] == f"XF-{ticket.number}"
    assert (response.body["dispatch_class"], response.body["ticket_status"]) == ("D", "closed")
    diversion = Diversion.objects.get(ticket=ticket)
    assert (diversion.channel, diversion.reason) == ("xinfang", "历史遗留信访问题")
    assert kinds(ticket.number) == ["intake", "diverted", "closed"]
    event = last_event(ticket.number, "diverted")
    assert event.data["channel"] == "xinfang"
    assert event.data["reason"] == "历史遗留信访问题"
    assert event.data["from_class"] == "A"
    assert event.data["diversion"] == diversion.pk
    shown = api("operator").get(f"/tickets/{ticket.number}").body
    assert "信访平台" in shown["answer"]


def test_an_enterprise_request_waits_for_the_101_result_which_closes_it(api):
    # given
    ticket = make_ticket(
        enterprise=True, subject="企业用地审批慢", content="项目用地手续办理超期。"
    )
    diverted = api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": "enterprise101", "reason": "涉企诉求"}
    )
    # when
    synced = api("operator").post(
        f"/tickets/{ticket.number}/external-result",
        {"channel": "enterprise101", "result": "已协调市自然资源和规划局加快办理，企业表示满意。"},
    )
    # then
    assert diverted.body["ticket_status"] == "diverted"
    assert synced.status == 200, synced.body
    assert synced.body["ticket_status"] == "closed"
    assert synced.body["result"].startswith("已协调")
    assert kinds(ticket.number)[-3:] == ["diverted", "external_result", "closed"]
    assert last_event(ticket.number, "external_result").data["channel"] == "enterprise101"
    shown = api("operator").get(f"/tickets/{ticket.number}").body
    assert shown["answer"].startswith("已协调")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_diversion_needs_a_reason(api, reason):
    # given
    ticket = make_ticket()
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": "zongzhi", "reason": reason}
    )
    # then
    assert (response.status, response.body["code"]) == (422, "reason_required")
    assert kinds(ticket.number) == ["intake"]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.dispatch_class) == ("accepted", "A")
    assert not Diversion.objects.exists()


def test_an_unknown_channel_is_refused(api):
    # given
    ticket = make_ticket()
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": "weibo", "reason": "网络舆情"}
    )
    # then
    assert (response.status, response.body["code"]) == (422, "invalid_diversion_channel")
    assert kinds(ticket.number) == ["intake"]


def test_only_an_accepted_ticket_can_be_diverted(api):
    # given
    ticket = dispatched()
    before = event_count(ticket.number)
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": "jw12388", "reason": "举报干部"}
    )
    # then
    assert (response.status, response.body["code"]) == (409, "state_conflict")
    assert response.body["rule"] == "R12"
    assert event_count(ticket.number) == before
    ticket.refresh_from_db()
    assert (ticket.status, ticket.dispatch_class) == ("dispatched", "A")


@pytest.mark.parametrize(
    ("outsider", "status", "code"),
    [
        ("handler", 404, "ticket_not_found"),
        ("supervisor", 403, "forbidden"),
        ("citizen", 404, "ticket_not_found"),
    ],
)
def test_outsiders_cannot_divert(api, outsider, status, code):
    # given
    ticket = make_ticket()
    # when
    response = api(outsider).post(
        f"/tickets/{ticket.number}/divert", {"channel": "police110", "reason": "警情"}
    )
    # then
    assert (response.status, response.body["code"]) == (status, code)  # what one cannot see is 404
    assert kinds(ticket.number) == ["intake"]


def test_a_result_from_the_wrong_channel_is_refused(api):
    # given
    ticket = make_ticket(enterprise=True)
    api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": "enterprise101", "reason": "涉企诉求"}
    )
    before = event_count(ticket.number)
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/external-result", {"channel": "xinfang", "result": "已处理"}
    )
    # then
    assert (response.status, response.body["code"]) == (422, "diversion_channel_mismatch")
    assert response.body["expected"] == "enterprise101"
    assert event_count(ticket.number) == before
    ticket.refresh_from_db()
    assert ticket.status == "diverted"
    assert Diversion.objects.get().result == ""


def test_a_result_for_a_ticket_never_diverted_is_refused(api):
    # given
    ticket = dispatched()
    before = event_count(ticket.number)
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/external-result",
        {"channel": "enterprise101", "result": "已处理"},
    )
    # then
    assert (response.status, response.body["code"]) == (409, "not_diverted")
    assert event_count(ticket.number) == before


def test_an_external_result_needs_content_and_a_platform_desk(api):
    # given
    ticket = make_ticket(enterprise=True)
    api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": "enterprise101", "reason": "涉企诉求"}
    )
    before = event_count(ticket.number)
    path = f"/tickets/{ticket.number}/external-result"
    # when
    empty = api("operator").post(path, {"channel": "enterprise101", "result": ""})
    outsider = api("supervisor").post(path, {"channel": "enterprise101", "result": "已处理"})
    # then
    assert (empty.status, empty.body["code"]) == (422, "empty_field")
    assert (outsider.status, outsider.body["code"]) == (403, "forbidden")
    assert event_count(ticket.number) == before


def test_a_late_result_on_a_closed_diversion_is_recorded_and_it_stays_closed(api):
    # given
    ticket = make_ticket()
    api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": "zongzhi", "reason": "涉法涉诉"}
    )
    ticket.refresh_from_db()
    closed_at = ticket.closed_at
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/external-result",
        {"channel": "zongzhi", "result": "已进入诉讼程序"},
    )
    # then
    assert response.status == 200, response.body
    ticket.refresh_from_db()
    assert (ticket.status, ticket.closed_at) == ("closed", closed_at)
    assert kinds(ticket.number)[-1] == "external_result"
    assert Diversion.objects.get().result == "已进入诉讼程序"
