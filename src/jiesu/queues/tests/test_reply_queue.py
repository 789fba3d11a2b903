"""The reply queue reads a stored column: a reply in review keeps the level and the unit its
review waits for (``awaiting_level``, ``awaiting_unit``), set by the actions that move it, so
that "replies awaiting me" is one index range per level (decision 0030)."""

from __future__ import annotations

import importlib

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiesu.organisation.models import Unit
from jiesu.testing.builders import T0, dispatched, make_ticket, person
from jiesu.tickets import actions
from jiesu.tickets import queues as work
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.actions.redispatch import redispatch_assignment
from jiesu.tickets.models import Reply


@pytest.fixture(autouse=True)
def clock(city):
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def unit(code: str) -> int:
    return Unit.objects.get(code=code).pk


def in_hand(ticket=None):
    main = main_assignment(ticket or dispatched())
    actions.sign_assignment(main.pk, actor=person("handler"))
    return main


def test_a_reply_waits_at_its_level_and_unit_as_it_moves(settings):
    settings.JIESU_PLATFORM_REVIEW = ["city"]
    # given a reply of the housing bureau (section head, then the city platform)
    main = in_hand()
    reply = actions.submit_reply(main.pk, "已修复。", actor=person("handler"))
    reply.refresh_from_db()
    # then it waits for the bureau's section head
    assert (reply.awaiting_level, reply.awaiting_unit_id) == ("section_head", unit("city-housing"))
    # when the section head approves, it waits for the dispatching platform
    actions.review_reply(reply.pk, approve=True, actor=person("reviewer"))
    reply.refresh_from_db()
    assert (reply.awaiting_level, reply.awaiting_unit_id) == ("platform", unit("city-platform"))
    # and once decided it waits for nobody
    actions.review_reply(reply.pk, approve=True, actor=person("dispatcher"))
    reply.refresh_from_db()
    assert (reply.awaiting_level, reply.awaiting_unit_id) == ("", None)


def test_a_reply_sent_back_waits_for_nobody():
    main = in_hand()
    reply = actions.submit_reply(main.pk, "已修复。", actor=person("handler"))
    actions.review_reply(reply.pk, approve=False, comment="不具体。", actor=person("reviewer"))
    reply.refresh_from_db()
    assert (reply.status, reply.awaiting_level, reply.awaiting_unit_id) == (
        "sent_back",
        "",
        None,
    )


def test_a_streets_reply_waits_upper_at_the_county_platform():
    # given a county ticket re-dispatched to a street, answered there
    ticket = make_ticket(region="hsg")
    actions.dispatch_ticket(ticket.number, main_unit="hsg-platform", actor=person("dispatcher"))
    (street_hop,) = redispatch_assignment(
        main_assignment(ticket).pk, main_unit="hsg-st-1", actor=person("county")
    )
    actions.sign_assignment(street_hop.pk, actor=person("street"))
    reply = actions.submit_reply(street_hop.pk, "已修复。", actor=person("street"))
    actions.review_reply(reply.pk, approve=True, actor=person("street_head"))
    reply.refresh_from_db()
    assert (reply.awaiting_level, reply.awaiting_unit_id) == ("upper", unit("hsg-platform"))


def test_the_queue_reads_the_stored_columns_not_the_json_chain():
    # given a reply in review
    main = in_hand()
    reply = actions.submit_reply(main.pk, "已修复。", actor=person("handler"))
    # when the reviewer reads the queue
    reviewer = person("reviewer")
    with CaptureQueriesContext(connection) as ctx:
        rows, has_next = work.reply_page(reviewer)
    # then it is one query per level the reviewer reviews (section_head and upper), on the
    # stored columns, and one for the page's rows
    assert [r.pk for r in rows] == [reply.pk] and not has_next
    *levels, page = [q["sql"].split(" WHERE ", 1)[1] for q in ctx.captured_queries]
    assert len(levels) == 2, levels
    assert all("awaiting_unit_id" in w and "levels" not in w for w in levels), levels
    assert all("tickets_assignment" not in w for w in levels), levels
    assert page.startswith('"tickets_reply"."id" IN'), page


def test_the_migration_backfills_replies_in_review(settings):
    settings.JIESU_PLATFORM_REVIEW = ["city"]
    # given replies whose stored columns are blank (as before the migration)
    first = actions.submit_reply(in_hand().pk, "一。", actor=person("handler"))
    second = actions.submit_reply(in_hand().pk, "二。", actor=person("handler"))
    actions.review_reply(second.pk, approve=True, actor=person("reviewer"))
    sent_back = actions.submit_reply(in_hand().pk, "三。", actor=person("handler"))
    actions.review_reply(sent_back.pk, approve=False, comment="不全。", actor=person("reviewer"))
    Reply.objects.update(awaiting_level="", awaiting_unit=None)
    # when the migration's backfill runs
    migration = importlib.import_module("jiesu.tickets.migrations.0015_reply_awaiting_review")
    migration.backfill(apps, None)
    # then each reply in review waits where its chain says, the decided ones nowhere
    got = {
        r.pk: (r.awaiting_level, r.awaiting_unit_id)
        for r in Reply.objects.select_related("assignment")
    }
    assert got == {
        first.pk: ("section_head", unit("city-housing")),
        second.pk: ("platform", unit("city-platform")),
        sent_back.pk: ("", None),
    }
