"""The uncalled closings (R17) are read from their partial index (decision 0040), and the filter
that reads it finds exactly the closings without callback."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count

from jiesu.assessment import rates
from jiesu.testing.builders import person, sh
from jiesu.testing.loop import replied
from jiesu.tickets import actions
from jiesu.tickets.models import Event

pytestmark = pytest.mark.usefixtures("city")

JUNE = rates.Period(date(2025, 6, 1), date(2025, 6, 30), sh(2025, 7, 10))


def test_the_filter_finds_the_closings_without_callback_only():
    # given one ticket closed uncalled and one called back (which closes it too)
    uncalled, _ = replied(at=sh(2025, 6, 10, 9))
    actions.close_ticket(
        uncalled.number,
        reason="诉求人要求不再回访",
        actor=person("dispatcher"),
        now=sh(2025, 6, 12),
    )
    called, _ = replied(at=sh(2025, 6, 10, 9))
    actions.callback_ticket(
        called.number, result="satisfied", actor=person("dispatcher"), now=sh(2025, 6, 12, 9)
    )
    # then
    assert Event.objects.filter(kind="closed").count() == 2
    assert [e.ticket_id for e in rates.uncalled_closings(JUNE)] == [uncalled.pk]


def test_the_count_reads_the_partial_index():
    qs = rates.uncalled_closings(JUNE).values("main_unit_id").annotate(n=Count("id")).order_by()
    if connection.vendor == "sqlite":
        assert "USING INDEX event_closed_uncalled" in qs.explain()
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'event_closed_uncalled'"
            )
            (definition,) = cursor.fetchone()
        assert "called_back" in definition and "WHERE" in definition
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            assert "event_closed_uncalled" in qs.explain()


def test_no_count_reads_a_column_outside_its_covering_index():
    # decision 0070: counting ``id`` (in none of the covering indexes) sends PostgreSQL to the
    # heap for every row of the month; each count reads the period's time column instead
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        rates.compute(JUNE)
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 6  # assignments, history, callbacks, history's, uncalled, calls
    for sql in counts:
        assert '."id")' not in sql, sql
