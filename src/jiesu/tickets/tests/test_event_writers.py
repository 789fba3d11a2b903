"""The event log is written only through the typed writers of ``tickets/events/``: one per
``EventKind``, named after it, and nothing else creates an ``Event``."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import jiesu
from jiesu.tickets import events
from jiesu.tickets.choices import EventKind

SRC = Path(jiesu.__file__).resolve().parent
THE_WRITERS = "tickets/events/"
# (module, how) pairs allowed outside the writers
ALLOWED = {
    ("tickets/actions/sla.py", "bulk_create"),  # inserts the rows built by ``events.<kind>_row``
}
CREATES = ("create", "bulk_create", "get_or_create", "update_or_create")
GENERIC = ("record", "build", "_write", "_build")


def event_writes(source: str) -> list[tuple[int, str]]:
    """(line, how) of every write of an event in ``source`` that does not go through a typed
    writer: ``Event(…)``, ``Event.objects.create(…)`` and its kin, ``x.events.create(…)``,
    ``events.record/build/_write/_build(…)`` and imports of the private writers."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "jiesu.tickets.events"
        ):
            found += [
                (node.lineno, f"import {a.name}") for a in node.names if a.name.startswith("_")
            ]
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "Event":
            found.append((node.lineno, "Event()"))
        if not isinstance(func, ast.Attribute):
            continue
        owner = ast.unparse(func.value)
        if func.attr in CREATES and (
            owner in ("Event.objects", "Event._default_manager") or owner.endswith(".events")
        ):
            found.append((node.lineno, func.attr))
        if func.attr in GENERIC and owner.split(".")[-1] == "events":
            found.append((node.lineno, f"events.{func.attr}"))
    return found


def test_the_scanner_finds_event_writes():
    code = (
        "Event(ticket=t, kind='closed')\n"
        "Event.objects.create(ticket=t, kind='closed')\n"
        "ticket.events.create(kind='closed')\n"
        "events.record(ticket=t, kind='closed', actor=a, at=now)\n"
        "from jiesu.tickets.events._base import _write\n"
        "events.closed(t, actor=a, at=now, reason='')\n"
        "Event.objects.filter(kind='closed').count()\n"
        "Event.objects.bulk_create(rows)\n"
    )
    assert sorted(event_writes(code)) == [
        (1, "Event()"),
        (2, "create"),
        (3, "create"),
        (4, "events.record"),
        (5, "import _write"),
        (8, "bulk_create"),
    ]


def test_only_the_typed_writers_write_events():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in f"/{rel}" or rel.startswith("testing/"):
            continue
        if rel.startswith(THE_WRITERS):
            continue
        for line, how in event_writes(path.read_text(encoding="utf-8")):
            if (rel, how) not in ALLOWED:
                offenders.append(f"{rel}:{line} {how}")
    assert offenders == [], "write events through a typed writer in tickets/events/: " + ", ".join(
        offenders
    )


def test_there_is_no_untyped_public_writer():
    assert not hasattr(events, "record")
    assert not hasattr(events, "build")


def test_every_kind_has_exactly_one_writer():
    # a new EventKind cannot land without its writer, and no writer exists without its kind
    assert set(events.WRITERS) == set(EventKind)
    for kind, writer in events.WRITERS.items():
        assert writer.__name__ in (kind, f"{kind}_row"), (kind, writer.__name__)
        assert getattr(events, writer.__name__) is writer
    public = {name for name in events.__all__ if name != "WRITERS"}
    assert public == {w.__name__ for w in events.WRITERS.values()}


def test_writers_take_their_data_by_keyword_only():
    for writer in events.WRITERS.values():
        params = inspect.signature(writer).parameters.values()
        positional = [p.name for p in params if p.kind is not inspect.Parameter.KEYWORD_ONLY]
        # the rows the event is on, then keywords only
        assert set(positional) <= {
            "ticket",
            "assignment",
            "ticket_id",
            "assignment_id",
            "escalation",
            "supervision",
            "instruction",
        }, (writer.__name__, positional)
        assert {"at"} <= {p.name for p in params}


def _data(monkeypatch, module, writer, *args, **kwargs):
    """The ``data`` a writer would store, captured instead of written."""
    captured = {}

    def fake_write(ticket, kind, *, actor, at, assignment=None, data):
        captured.update(kind=kind, data=data)

    monkeypatch.setattr(module, "_write", fake_write)
    writer(*args, **kwargs)
    return captured["kind"], list(captured["data"].items())


def test_optional_keys_are_stored_only_when_given(monkeypatch):
    from datetime import UTC, datetime

    from jiesu.organisation.actor import SYSTEM
    from jiesu.tickets.events import replies, tickets

    at = datetime(2026, 11, 23, 3, tzinfo=UTC)
    common = {"actor": SYSTEM, "at": at}
    assert _data(monkeypatch, tickets, events.closed, None, reason="平台办结", **common) == (
        "closed",
        [("reason", "平台办结")],
    )
    assert _data(
        monkeypatch, tickets, events.closed, None, reason="r", called_back=False, **common
    )[1] == [("reason", "r"), ("called_back", False)]
    assert _data(
        monkeypatch, tickets, events.signed, None, None, on_time=True, via="redispatch", **common
    )[1] == [("on_time", True), ("via", "redispatch")]
    # a key whose value may be None is still stored when it belongs to the shape
    assert _data(monkeypatch, tickets, events.unmerged, None, from_=None, reason="r", **common)[
        1
    ] == [("from", None), ("reason", "r")]
    assert _data(
        monkeypatch,
        replies,
        events.reply_approved,
        None,
        None,
        reply=1,
        from_child=2,
        on_time=False,
        **common,
    )[1] == [("reply", 1), ("from_child", 2), ("on_time", False)]
    # recomputed deadlines in Asia/Shanghai, after the cause
    assert _data(
        monkeypatch,
        tickets,
        events.deadlines_recomputed,
        None,
        None,
        cause="classified",
        urgent=True,
        deadlines={"sign_deadline": at},
        **common,
    )[1] == [
        ("cause", "classified"),
        ("urgent", True),
        ("sign_deadline", "2026-11-23T11:00:00+08:00"),
    ]
    # a misspelt key fails at the call
    with pytest.raises(TypeError):
        events.closed(None, reason="r", calledback=False, **common)
