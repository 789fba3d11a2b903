"""Concurrent actions have exactly one winner (DESIGN §11): two people signing one assignment at
the same moment, two callbacks racing, intakes racing for the day's next number.

Real threads, each with its own database connection, released together by a barrier; the
database's row locks (SELECT … FOR UPDATE) decide. These need a database that serves several
connections at once, so they run on PostgreSQL. On SQLite the test database is an in-memory
shared-cache database, where a second writer fails at once with "database table is locked"
instead of waiting (the busy timeout does not apply to shared-cache locks): that measures the
test set-up, not the code, so those runs skip. Production SQLite is a file database with
``transaction_mode=IMMEDIATE``, where writers queue for the lock; PostgreSQL CI covers the race.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection

from jiesu.core.errors import Conflict
from jiesu.testing.builders import person
from jiesu.testing.loop import dispatched, fresh_phone, replied, sh
from jiesu.tickets import actions
from jiesu.tickets.choices import EventKind
from jiesu.tickets.models import Callback, Event, Ticket


def postgresql(test):
    """Real threads on separate connections; the test database must serve them at once."""
    test = pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="needs concurrent connections (PostgreSQL)"
    )(test)
    return pytest.mark.django_db(transaction=True)(test)


AT = sh(2026, 11, 24, 9, 30)


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released at the same instant; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a racer hung"
    return results


@postgresql
def test_two_people_signing_at_once_have_one_winner(city):
    # given one assignment and two people of its unit
    _, a = dispatched(at=AT)
    handler, reviewer = person("handler"), person("reviewer")
    # when both sign at the same moment
    results = race(
        lambda: actions.sign_assignment(a.pk, actor=handler, now=AT),
        lambda: actions.sign_assignment(a.pk, actor=reviewer, now=AT),
    )
    # then exactly one succeeds, the other gets a conflict, and one SIGNED event is written
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1, results
    assert (
        len(losers) == 1 and isinstance(losers[0], Conflict) and losers[0].code == "state_conflict"
    ), results
    assert Event.objects.filter(assignment=a, kind=EventKind.SIGNED).count() == 1
    a.refresh_from_db()
    assert a.status == "handling"


@postgresql
def test_two_signatures_through_the_api_have_one_winner(api):
    _, a = dispatched(at=AT)
    handler, reviewer = api("handler"), api("reviewer")
    results = race(
        lambda: handler.post(f"/assignments/{a.pk}/sign").status,
        lambda: reviewer.post(f"/assignments/{a.pk}/sign").status,
    )
    assert sorted(results) == [200, 409]
    assert Event.objects.filter(assignment=a, kind=EventKind.SIGNED).count() == 1


@postgresql
def test_two_callbacks_at_once_have_one_winner(city):
    # given a replied ticket, called back by two operators at once: satisfied and unsatisfied
    ticket, _ = replied(at=AT)
    operator, dispatcher = person("operator"), person("dispatcher")
    results = race(
        lambda: actions.callback_ticket(ticket.number, result="satisfied", actor=operator, now=AT),
        lambda: actions.callback_ticket(
            ticket.number, result="unsatisfied", actor=dispatcher, now=AT
        ),
    )
    # then one callback counts; the ticket is in the state that one led to
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    (cb,) = Callback.objects.filter(ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.status == {"satisfied": "closed", "unsatisfied": "rehandling"}[cb.result]
    assert Event.objects.filter(ticket=ticket, kind=EventKind.CALLBACK).count() == 1


@postgresql
def test_racing_intakes_get_distinct_sequential_numbers(city):
    # given four operators taking calls at the same instant of a new day
    from jiesu.testing.builders import intake_data

    operator = person("operator")
    forms = [intake_data(caller_phone=fresh_phone()) for _ in range(4)]
    calls = [
        (lambda form=form: actions.intake_ticket(form, actor=operator, now=AT)) for form in forms
    ]
    # when
    results = race(*calls)
    # then every one is recorded with its own number of that day
    assert all(isinstance(r, Ticket) for r in results), results
    assert sorted(r.number for r in results) == [f"20261124-{i:06d}" for i in range(1, 5)]


# --- SQLite: a real file database, as deployed ---------------------------------------------------

SQLITE_RACE = r"""
import json, threading
import django
django.setup()
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from jiesu.core.demo import load_demo
load_demo()
from jiesu.core.errors import Conflict
from jiesu.testing.builders import make_ticket, person
from jiesu.tickets import actions
from jiesu.tickets.models import Event
from jiesu.testing.loop import fresh_phone, sh
at = sh(2026, 11, 24, 9, 30)
signers = [person("handler"), person("reviewer")]
rounds = []
for _ in range(5):
    ticket = make_ticket(now=at, caller_phone=fresh_phone())
    (a,) = actions.dispatch_ticket(ticket.number, main_unit="city-housing", assist_units=[], actor=person("dispatcher"), now=at)
    connection.close()
    barrier = threading.Barrier(2)
    out = [None, None]
    def sign(i):
        try:
            barrier.wait(10)
            actions.sign_assignment(a.pk, actor=signers[i], now=at)
            out[i] = "ok"
        except Conflict as exc:
            out[i] = exc.code
        except Exception as exc:
            out[i] = repr(exc)
        finally:
            connection.close()
    threads = [threading.Thread(target=sign, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    signed = Event.objects.filter(assignment_id=a.pk, kind="signed").count()
    rounds.append({"results": sorted(out), "signed_events": signed})
print(json.dumps(rounds))
"""


def test_on_a_sqlite_file_database_two_signers_have_one_winner(tmp_path):
    """One subprocess on a fresh file database (JIESU_DATA_DIR=tmp): five rounds of two threads
    signing the same assignment. With transaction_mode=IMMEDIATE the second writer waits for the
    first, then finds the assignment signed: one success, one state_conflict, one event."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the SQLite deployment race; PostgreSQL is covered above")
    env = {
        **os.environ,
        "JIESU_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "jiesu.settings",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SQLITE_RACE],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rounds = json.loads(done.stdout.strip().splitlines()[-1])
    assert rounds == [{"results": ["ok", "state_conflict"], "signed_events": 1}] * 5


@postgresql
def test_a_number_is_drawn_apart_from_the_tickets_transaction(city):
    """Finding A (decision 0098): one intake's open transaction does not hold up the next one's
    number. The test holds the matter index's table so that both intakes stop inside their
    ticket's transaction, after drawing; the second one's number is committed all the same."""
    from django.db import transaction

    from jiesu.intelligence.models import MatterKey
    from jiesu.testing.builders import make_ticket
    from jiesu.tickets.models import TicketCounter

    table = connection.ops.quote_name(MatterKey._meta.db_table)
    day = date(2026, 11, 24)  # AT's day in Shanghai

    def drawn() -> int:
        row = TicketCounter.objects.filter(day=day).first()
        return row.last if row else 0

    with transaction.atomic():
        connection.cursor().execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        results: list[Any] = [None, None]

        def intake(i: int) -> None:
            try:
                results[i] = make_ticket(now=AT, caller_phone=fresh_phone()).number
            except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
                results[i] = exc
            finally:
                connection.close()

        threads = [threading.Thread(target=intake, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        # both intakes have drawn their numbers while both transactions are still open
        for _ in range(100):
            if drawn() == 2:
                break
            threading.Event().wait(0.05)
        assert drawn() == 2, "the second intake waited for the first one's transaction"
        # neither ticket is committed yet
        assert not Ticket.objects.filter(number__startswith="20261124-").exists()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["20261124-000001", "20261124-000002"], results
