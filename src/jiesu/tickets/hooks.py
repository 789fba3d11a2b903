"""How the apps above ``tickets`` join one of its verbs without ``tickets`` importing them (the
import layers, docs/architecture.md). An app registers its function once, in its
``AppConfig.ready``; the ticket verb calls it inside its own transaction, with the rows it has
locked. Two joins exist:

- ``assignment_withdrawn``: an assignment was withdrawn (a merge, an accepted return); the
  handling app closes the unit's open requests on it (``handling.actions.withdraw``).
- ``escalate``: an unsatisfied callback asked to escalate at once (R17, R18); the supervision
  app escalates the ticket (``supervision.actions.escalate_locked``).
- ``taken_in``: a ticket was taken in; the intelligence app indexes its text for the
  same-matter lookup (``intelligence.suggest.index_ticket``).
- ``event_written``: every event written through ``tickets.events`` (not the sweep's bulk
  marks); the diversion app queues the webhooks of the city apps that follow tickets
  (``diversion.follow``), in the same transaction as the event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_withdrawn: list[Callable[..., Any]] = []
_escalate: list[Callable[..., Any]] = []
_taken_in: list[Callable[..., Any]] = []
_event_written: list[Callable[..., Any]] = []


def on_assignment_withdrawn(fn: Callable[..., Any]) -> None:
    if fn not in _withdrawn:
        _withdrawn.append(fn)


def assignment_withdrawn(assignment, *, actor, now, reason: str, data: dict) -> None:
    for fn in _withdrawn:
        fn(assignment, actor=actor, now=now, reason=reason, data=data)


def on_escalate(fn: Callable[..., Any]) -> None:
    _escalate[:] = [fn]


def escalate(ticket, *, reason: str, actor, now) -> Any:
    if not _escalate:
        raise RuntimeError("no escalation is registered: is jiesu.supervision installed?")
    return _escalate[0](ticket, reason=reason, actor=actor, now=now)


def on_taken_in(fn: Callable[..., Any]) -> None:
    if fn not in _taken_in:
        _taken_in.append(fn)


def taken_in(ticket) -> None:
    for fn in _taken_in:
        fn(ticket)


def on_event_written(fn: Callable[..., Any]) -> None:
    if fn not in _event_written:
        _event_written.append(fn)


def event_written(event) -> None:
    for fn in _event_written:
        fn(event)
