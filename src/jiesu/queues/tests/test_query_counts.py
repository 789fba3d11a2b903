"""What the queues cost in statements, pinned: the counters of a person are one statement
(decision 0031); a queue merged from several streams reads their order keys and then the page's
rows only, in one query (decision 0032); the homes do not grow with the rows."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiesu.queues import queries
from jiesu.testing.builders import T0, dispatched, make_ticket, person, sh
from jiesu.tickets import actions
from jiesu.tickets import queues as work
from jiesu.tickets.actions.callback import main_assignment

ROLES = ["operator", "dispatcher", "county", "handler", "reviewer", "leader", "supervisor"]


@pytest.fixture(autouse=True)
def clock(city):
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def busy(clock):
    """Six open assignments of the housing bureau in three states, one for water, one waiting
    to be dispatched."""
    for _ in range(3):
        dispatched()
    for _ in range(2):
        actions.sign_assignment(main_assignment(dispatched()).pk, actor=person("handler"))
    main = main_assignment(dispatched())
    actions.sign_assignment(main.pk, actor=person("handler"))
    actions.submit_reply(main.pk, "已处理。", actor=person("handler"))
    water = make_ticket()
    actions.dispatch_ticket(water.number, main_unit="hs-water", actor=person("dispatcher"))
    make_ticket()


@pytest.mark.parametrize("username", [*ROLES, "water", "street"])
def test_a_persons_counters_are_one_statement(busy, username):
    # given the person
    actor = person(username)
    # when their counters are read
    with CaptureQueriesContext(connection) as ctx:
        counted = queries.counts(actor, timezone.now())
    # then every queue is counted in a single statement
    assert len(ctx.captured_queries) == 1, [q["sql"][:200] for q in ctx.captured_queries]
    assert list(counted) == [q.name for q in queries.queues_for(actor)]


def test_the_counters_keep_their_numbers_and_cap(busy, settings):
    handler = person("handler")
    assert queries.counts(handler, timezone.now()) | {} == {
        "pending_sign": 3,
        "handling": 2,
        "reply_review": 1,
        "return_review": 0,
        "due_soon": 0,
        "overdue": 0,
        "supervisions_mine": 0,
    }
    settings.JIESU_QUEUE_COUNT_CAP = 2
    capped = queries.counts(handler, timezone.now())
    assert (capped["pending_sign"], capped["handling"], capped["reply_review"]) == (2, 2, 1)
    assert queries.counts(person("dispatcher"), timezone.now())["to_dispatch"] == 1


def test_a_merged_queue_loads_only_the_rows_of_its_page(busy):
    # given the city dispatcher's all-open queue: four streams (one per open status)
    dispatcher = person("dispatcher")
    # when a page of two is read
    with CaptureQueriesContext(connection) as ctx:
        rows, has_next = work.assignment_page(dispatcher, timezone.now(), page_size=2)
    # then: one key query per stream, one query for the page's rows (with their ticket)
    *keys, page = [q["sql"] for q in ctx.captured_queries]
    assert len(keys) == 4 and len(rows) == 2 and has_next
    assert all('"tickets_ticket"' not in k for k in keys), keys
    assert '"tickets_assignment"."id" IN' in page and '"tickets_ticket"' in page
    assert page.count("%s") + page.count("?") <= 3 or page.count(",") > 0
    # and the order is the nearest deadline first, as the full merge gives it
    everything, _ = work.assignment_page(dispatcher, timezone.now(), page_size=50)
    assert [a.pk for a in rows] == [a.pk for a in everything[:2]]
    second, _ = work.assignment_page(dispatcher, timezone.now(), page=2, page_size=2)
    assert [a.pk for a in second] == [a.pk for a in everything[2:4]]


@pytest.mark.parametrize(
    ("queue", "streams", "moment"),
    [
        ("overdue", 5, sh(2025, 6, 24, 10)),  # the three unsigned ones are sign-overdue
        ("due_soon", 4, sh(2025, 6, 24, 8)),  # their sign deadline (Tue 09:00) is near
        ("handling", 1, T0),
    ],
)
def test_the_unit_queues_cost_one_query_per_stream_and_one_for_the_page(
    busy, clock, queue, streams, moment
):
    clock.move_to(moment)
    handler = person("handler")
    chosen = queries.get_queue_for_user(handler, queue)
    with CaptureQueriesContext(connection) as ctx:
        rows, _ = queries.queue_page(handler, chosen, timezone.now())
    # the streams' keys and the page's rows (or the single ordered query), and the pending
    # extensions of the page's rows (the unit's state in words)
    assert rows
    expected = streams + 2 if streams > 1 else 2
    assert len(ctx.captured_queries) == expected


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


#: Statements of each role's home with rows (session, user, membership, bell, the counters' one,
#: the first queue's keys, page and row data); before decisions 0031–0032 they were 12–30.
HOME_QUERIES = {
    "operator": 9,
    "dispatcher": 9,
    "county": 9,
    "handler": 8,
    "reviewer": 9,
    "leader": 10,
    "supervisor": 6,
}


@pytest.mark.parametrize("username", ROLES)
def test_a_home_costs_a_fixed_number_of_statements(busy, username, django_assert_max_num_queries):
    # given a home with rows
    client = _client(username)
    client.get("/desk/")  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get("/desk/").status_code == 200
    # when more work waits
    for _ in range(4):
        dispatched()
        make_ticket()
    # then the home costs no more, and no more than its pinned number
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/desk/").status_code == 200
    assert len(few.captured_queries) <= HOME_QUERIES[username], [
        q["sql"][:120] for q in few.captured_queries
    ]
