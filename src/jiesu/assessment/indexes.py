"""Indexes the assessment's queries need on tables of the apps below it (decision 0040).

The closings without callback (R17: a ``closed`` event with ``called_back: false``) are counted
for the satisfaction figures every time the rates are read. A partial index holds just those
events, by time, with their ticket. A database uses a partial index only when the query repeats
its condition word for word, without parameters — Django writes the JSON test with bound values
(and on SQLite in an order that changes between processes), so the condition is written here
once per database, as literal SQL, and both the index and the query take it from here."""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from jiesu.tickets.choices import EventKind

INDEX_NAME = "event_closed_uncalled"
TABLE = "tickets_event"

#: the index's condition per database, on the columns of ``tickets_event``. Only ``closed``
#: events carry ``called_back`` (``tickets.events.closed``); PostgreSQL's condition names the kind
#: as well, SQLite's cannot: its planner would take the (kind, at) index instead.
_WHERE = {
    "sqlite": "json_extract({t}data, '$.called_back') = 0",
    "postgresql": "{t}kind = 'closed' AND ({t}data -> 'called_back') = 'false'::jsonb",
}
#: added to the query's condition: the kind, kept off SQLite's (kind, at) index by the unary +
_ALSO = {"sqlite": " AND +{t}kind = 'closed'", "postgresql": ""}
assert EventKind.CLOSED == "closed"


def index_sql(vendor: str) -> str | None:
    where = _WHERE.get(vendor)
    if where is None:
        return None
    return (
        f'CREATE INDEX "{INDEX_NAME}" ON "{TABLE}" ("at", "ticket_id") WHERE {where.format(t="")}'
    )


def uncalled() -> Q | RawSQL:
    """The filter on ``tickets.Event`` for closings without callback, as the index has it."""
    where = _WHERE.get(connection.vendor)
    if where is None:  # another database: the plain JSON lookup, without the index
        return Q(kind=EventKind.CLOSED, data__called_back=False)
    sql = (where + _ALSO[connection.vendor]).format(t=f'"{TABLE}".')
    return RawSQL(sql, (), output_field=BooleanField())
