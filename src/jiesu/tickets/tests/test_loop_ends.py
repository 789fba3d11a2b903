"""Issue 6, items 1, 2, 4, 5 and 6: every end of the loop closes, and every control is a real act.

- closing ends every open assignment (assisting units' too) and clears the overdue mark (R17);
- nobody approves a reply they wrote (four eyes, R16);
- an unsatisfied callback on an online answer brings the ticket back to the platform (R11, R17);
- merged tickets close with their primary and are called back with its answer (R20);
- the dispatching platform reviews the main unit's reply and can send it back (R16);
- closing an answer without its callback needs a reason and is recorded as not called back.
"""

from __future__ import annotations

import pytest

from jiesu.core.errors import Conflict, Forbidden, JiesuError, ValidationFailed
from jiesu.testing.builders import make_ticket, person
from jiesu.testing.loop import counts, dispatched, fresh_phone, kinds, replied, sh, signed
from jiesu.tickets import actions
from jiesu.tickets.actions import sla
from jiesu.tickets.actions.merge import merge_ticket
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Assignment, Callback, Ticket

pytestmark = pytest.mark.usefixtures("city")

AT = sh(2026, 11, 24, 9, 30)
CALL = sh(2026, 11, 30, 10)
LATE = sh(2026, 12, 10, 10)


def callback(ticket, result, comment="", now=CALL):
    return actions.callback_ticket(
        ticket.number, result=result, comment=comment, actor=person("operator"), now=now
    )


# --- 1. closing ends every open assignment --------------------------------------------------------


def test_closing_withdraws_the_assisting_units_and_clears_the_overdue_mark():
    # given a ticket with an assisting unit that never signed, swept overdue after the main reply
    ticket, main = replied(at=AT, assists=["city-urban"])
    assist = Assignment.objects.get(ticket=ticket, role="assist")
    sla.sweep(now=sh(2026, 11, 27, 10))
    ticket.refresh_from_db()
    assert assist.status == "pending_sign" and ticket.overdue
    # when the callback is satisfied
    callback(ticket, "satisfied")
    # then the ticket is closed, the assisting assignment withdrawn with an event, the mark gone
    ticket.refresh_from_db()
    assist.refresh_from_db()
    assert ticket.status == "closed" and not ticket.overdue
    assert assist.status == "withdrawn"
    withdrawn = assist.events.get(kind=EventKind.ASSIGNMENT_WITHDRAWN)
    assert (withdrawn.data["reason"], withdrawn.data["from_status"], withdrawn.at) == (
        "工单已办结",
        "pending_sign",
        CALL,
    )
    # and the sweep finds nothing more to mark on it
    before = ticket.events.count()
    sla.sweep(now=LATE)
    ticket.refresh_from_db()
    assert ticket.events.count() == before and not ticket.overdue


# --- 2. four eyes --------------------------------------------------------------------------------


def test_nobody_approves_a_reply_they_wrote():
    # given the section head signs and writes the reply themselves
    ticket, main = dispatched(at=AT)
    actions.sign_assignment(main.pk, actor=person("reviewer"), now=AT)
    reply = actions.submit_reply(main.pk, "已处理完毕。", actor=person("reviewer"), now=AT)
    before = counts()
    # when they approve it at the section-head level
    with pytest.raises(Forbidden) as exc:
        actions.review_reply(reply.pk, approve=True, actor=person("reviewer"), now=AT)
    # then it is refused and nothing is written; the unit's leader may approve it instead
    assert exc.value.code == "own_reply" and exc.value.details["rule"] == "R16"
    assert counts() == before
    reply = actions.review_reply(reply.pk, approve=True, actor=person("leader"), now=AT)
    assert reply.current_level == "platform"


def test_own_reply_is_refused_over_the_api(api):
    ticket, main = dispatched(at=AT)
    api("reviewer").post(f"/assignments/{main.pk}/sign")
    reply = api("reviewer").post(f"/assignments/{main.pk}/reply", {"content": "已处理。"})
    response = api("reviewer").post(f"/replies/{reply.body['id']}/review", {"approve": True})
    assert response.status == 403 and response.body["code"] == "own_reply"


# --- 4. an online answer that did not help ----------------------------------------------------------


def test_unsatisfied_online_answer_goes_back_to_the_platform(settings):
    # given an online answer drawn for the callback
    settings.JIESU_ONLINE_CALLBACK_SHARE = 1
    ticket = make_ticket(now=AT, appeal_type="consult_professional", caller_phone=fresh_phone())
    actions.answer_online(ticket.number, "按政策答复如下。", actor=person("operator"), now=AT)
    # when the caller is not satisfied
    callback(ticket, "unsatisfied", comment="答复没有解决我的问题")
    # then the ticket is the platform's again, with the reason in its log
    ticket.refresh_from_db()
    assert ticket.status == "accepted" and not ticket.awaiting_callback
    rehandling = ticket.events.get(kind=EventKind.REHANDLING)
    assert rehandling.data["from_status"] == "answered_online"
    assert rehandling.data["reason"] == "答复没有解决我的问题"
    # and it can be dispatched to a unit (or answered again)
    [main] = actions.dispatch_ticket(
        ticket.number, main_unit="city-housing", actor=person("dispatcher"), now=CALL
    )
    ticket.refresh_from_db()
    assert ticket.status == "dispatched" and main.unit.code == "city-housing"


@pytest.mark.parametrize(
    ("share", "status", "awaiting"), [(0, "closed", False), (1, "answered_online", True)]
)
def test_online_answers_are_called_back_by_sample(settings, share, status, awaiting):
    settings.JIESU_ONLINE_CALLBACK_SHARE = share
    ticket = make_ticket(now=AT, appeal_type="consult_general", caller_phone=fresh_phone())
    actions.answer_online(ticket.number, "按政策答复如下。", actor=person("operator"), now=AT)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.awaiting_callback) == (status, awaiting)
    if status == "closed":
        assert ticket.events.get(kind=EventKind.CLOSED).data == {
            "reason": "在线直办，未抽中回访",
            "sampled": False,
        }


def test_the_sample_draws_about_the_configured_share(settings):
    # the draw is a stable hash of the ticket number: about the share over many numbers
    from jiesu.tickets.actions.callback import sampled_for_callback

    settings.JIESU_ONLINE_CALLBACK_SHARE = 0.2
    drawn = sum(sampled_for_callback(Ticket(number=f"20261124-{i:06d}")) for i in range(1, 5001))
    assert 850 <= drawn <= 1150


# --- 5. merged tickets end with their primary ---------------------------------------------------------


def _merged_pair():
    primary, _ = dispatched(at=AT)
    duplicate, _ = dispatched(at=AT, caller_name="赵六")
    merge_ticket(duplicate.number, into=primary.number, actor=person("operator"), now=AT)
    return primary, duplicate


def _answer(ticket):
    main = Assignment.objects.get(ticket=ticket, role="main")
    actions.sign_assignment(main.pk, actor=person("handler"), now=AT)
    reply = actions.submit_reply(main.pk, "路灯已修复。", actor=person("handler"), now=AT)
    actions.review_reply(reply.pk, approve=True, actor=person("reviewer"), now=AT)
    actions.review_reply(reply.pk, approve=True, actor=person("dispatcher"), now=AT)


def test_merged_tickets_close_with_their_primary_and_wait_for_their_own_callback(api):
    # given a duplicate merged into a primary that is answered and called back
    primary, duplicate = _merged_pair()
    _answer(primary)
    callback(primary, "satisfied")
    # then the duplicate closed with it, carrying the primary's answer, and waits for its callback
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.closed_at, duplicate.answer) == (
        "closed",
        CALL,
        "路灯已修复。",
    )
    assert duplicate.awaiting_callback
    closed = duplicate.events.get(kind=EventKind.CLOSED)
    assert closed.data == {"reason": f"随主单{primary.number}办结", "primary": primary.number}
    due = api("operator").get("/callbacks/due").body["items"]
    assert [t["number"] for t in due] == [duplicate.number]
    # when its caller is called back, satisfied
    cb = callback(duplicate, "satisfied", now=LATE)
    # then the callback counts for the primary's main unit and the ticket leaves the list
    duplicate.refresh_from_db()
    assert cb.main_unit.code == "city-housing" and duplicate.status == "closed"
    assert not duplicate.awaiting_callback
    assert api("operator").get("/callbacks/due").body["items"] == []
    with pytest.raises(Conflict) as exc:
        callback(duplicate, "satisfied", now=LATE)
    assert exc.value.code == "callback_not_due"


def test_an_unsatisfied_caller_of_a_merged_ticket_gets_their_own_case():
    primary, duplicate = _merged_pair()
    _answer(primary)
    callback(primary, "satisfied")
    # when
    callback(duplicate, "unsatisfied", comment="我家门口的路灯还是不亮", now=LATE)
    # then it leaves the merge and is the platform's to dispatch
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.primary_id, duplicate.closed_at) == ("accepted", None, None)
    assert kinds(duplicate)[-2:] == ["callback", "rehandling"]
    assert duplicate.events.get(kind=EventKind.REHANDLING).data["primary"] == primary.number


# --- 6. the platform checks the reply; closing without a callback is recorded ---------------------


def test_the_city_platform_reviews_the_main_reply_and_can_send_it_back():
    # given a reply approved inside the unit
    ticket, main = signed(at=AT)
    reply = actions.submit_reply(main.pk, "已处理。", actor=person("handler"), now=AT)
    assert reply.levels == ["section_head", "platform"]
    actions.review_reply(reply.pk, approve=True, actor=person("reviewer"), now=AT)
    ticket.refresh_from_db()
    assert ticket.status == "dispatched"  # not answered until the platform approves
    # the unit's leader may not take the platform's level; a county platform does not even see it
    for outsider, code in (("leader", "forbidden"), ("county", "reply_not_found")):
        with pytest.raises(JiesuError) as exc:
            actions.review_reply(
                reply.pk, approve=False, comment="x", actor=person(outsider), now=AT
            )
        assert exc.value.code == code
    # when the city platform finds it not specific (不具体) and sends it back
    actions.review_reply(
        reply.pk,
        approve=False,
        comment="答复不具体：未说明维修时间",
        actor=person("dispatcher"),
        now=AT,
    )
    # then the unit handles again with the reason in its log
    main.refresh_from_db()
    assert main.status == "handling"
    sent_back = main.events.get(kind=EventKind.REPLY_SENT_BACK)
    assert (
        sent_back.data["reason"] == "答复不具体：未说明维修时间"
        and sent_back.actor_name == "dispatcher"
    )


def test_without_platform_review_the_unit_approval_answers_the_ticket(settings):
    settings.JIESU_PLATFORM_REVIEW = frozenset()
    ticket, main = signed(at=AT)
    reply = actions.submit_reply(main.pk, "已处理。", actor=person("handler"), now=AT)
    assert reply.levels == ["section_head"]
    actions.review_reply(reply.pk, approve=True, actor=person("reviewer"), now=AT)
    ticket.refresh_from_db()
    assert ticket.status == "replied"


def test_county_platform_review_is_configurable(settings):
    # given a ticket the county platform took in and dispatched itself
    settings.JIESU_PLATFORM_REVIEW = frozenset({"county"})
    ticket = make_ticket(by="county", now=AT, region="hsg", caller_phone=fresh_phone())
    [main] = actions.dispatch_ticket(
        ticket.number, main_unit="hsg-st-1", actor=person("county"), now=AT
    )
    actions.sign_assignment(main.pk, actor=person("street"), now=AT)
    reply = actions.submit_reply(main.pk, "已处理。", actor=person("street"), now=AT)
    # then the county platform reviews it, and not the city's
    assert reply.levels == ["section_head", "platform"]
    actions.review_reply(reply.pk, approve=True, actor=person("street_head"), now=AT)
    with pytest.raises(Forbidden):
        actions.review_reply(reply.pk, approve=True, actor=person("dispatcher"), now=AT)
    actions.review_reply(reply.pk, approve=True, actor=person("county"), now=AT)
    ticket.refresh_from_db()
    assert ticket.status == "replied"


def test_closing_a_replied_ticket_without_callback_needs_a_reason(api):
    ticket, _ = replied(at=AT)
    before = counts()
    response = api("dispatcher").post(f"/tickets/{ticket.number}/close", {})
    assert response.status == 422 and response.body["code"] == "reason_required"
    assert counts() == before
    response = api("dispatcher").post(
        f"/tickets/{ticket.number}/close", {"reason": "诉求人电话停机"}
    )
    assert response.status == 200, response.body
    ticket.refresh_from_db()
    assert ticket.status == "closed" and not ticket.awaiting_callback
    closed = ticket.events.get(kind=EventKind.CLOSED)
    assert closed.data == {"reason": "诉求人电话停机", "called_back": False}
    assert not Callback.objects.filter(ticket=ticket).exists()


def test_the_callback_list_is_for_the_platform_and_scoped_to_it(api):
    # given a city ticket replied and a county ticket replied
    city_ticket, _ = replied(at=AT)
    county_ticket = make_ticket(by="county", now=AT, region="hsg", caller_phone=fresh_phone())
    [main] = actions.dispatch_ticket(
        county_ticket.number, main_unit="hsg-st-1", actor=person("county"), now=AT
    )
    actions.sign_assignment(main.pk, actor=person("street"), now=AT)
    reply = actions.submit_reply(main.pk, "已处理。", actor=person("street"), now=AT)
    actions.review_reply(reply.pk, approve=True, actor=person("street_head"), now=AT)
    # then the city platform sees both, the county platform its own, a unit is refused
    city = {t["number"] for t in api("operator").get("/callbacks/due").body["items"]}
    county = {t["number"] for t in api("county").get("/callbacks/due").body["items"]}
    assert city == {city_ticket.number, county_ticket.number}
    assert county == {county_ticket.number}
    assert api("handler").get("/callbacks/due").status == 403
    with pytest.raises(ValidationFailed):
        actions.close_ticket(city_ticket.number, actor=person("dispatcher"))


def test_the_desk_offers_the_platform_its_review_by_name():
    # given a reply the unit approved, waiting for the city platform
    from django.contrib.auth import get_user_model
    from django.test import Client

    ticket, main = signed(at=AT)
    reply = actions.submit_reply(main.pk, "已处理。", actor=person("handler"), now=AT)
    actions.review_reply(reply.pk, approve=True, actor=person("reviewer"), now=AT)
    desk = Client()
    desk.force_login(get_user_model().objects.get(username="dispatcher"))
    # when the dispatcher opens the ticket
    page = desk.get(f"/desk/t/{ticket.number}/").content.decode()
    # then the review form names the level in Chinese, not its code
    assert "审核答复（市住房和城乡建设局，12345平台审核）" in page


def test_the_desk_offers_only_what_the_rules_allow():
    # given a complaint just taken in, and a replied ticket
    from django.contrib.auth import get_user_model
    from django.test import Client

    complaint = make_ticket(now=AT, caller_phone=fresh_phone())
    answered, _ = replied(at=AT)
    desk = Client()
    desk.force_login(get_user_model().objects.get(username="operator"))
    # then a complaint is dispatched, never answered online (R11), and has no callback yet
    page = desk.get(f"/desk/t/{complaint.number}/").content.decode()
    assert "/dispatch/" in page and "/answer-online/" not in page and "/callback/" not in page
    # and a replied ticket offers the callback (its answer awaits it), not dispatch
    page = desk.get(f"/desk/t/{answered.number}/").content.decode()
    assert "/callback/" in page and "/dispatch/" not in page
