"""Who is concerned by an event: one rule per event kind, read from the typed event and its
assignment (decision 0021). Roles are those of docs/organisation.md; who reviews a reply is asked
of ``organisation.permissions.may_review``, so that rule is not written twice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jiesu.notifications.choices import Reason
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import Role
from jiesu.organisation.models import Membership, Unit
from jiesu.organisation.permissions import REVIEW_LEVEL_ROLES, may_review
from jiesu.tickets.choices import EventKind, ReplyStatus
from jiesu.tickets.models import Event, Reply

HANDLER = frozenset({Role.UNIT_HANDLER})
DISPATCHER = frozenset({Role.PLATFORM_DISPATCHER})
WARNED = frozenset({Role.UNIT_HANDLER, Role.UNIT_REVIEWER})
OVERDUE = frozenset({Role.UNIT_HANDLER, Role.UNIT_REVIEWER, Role.UNIT_LEADER})
LEADER = frozenset({Role.UNIT_LEADER})

#: kind → (reason, who in the assignment's unit); "decider" = the dispatching platform
RULES: dict[str, tuple[Reason, str, frozenset[str]]] = {
    EventKind.DISPATCHED: (Reason.DISPATCHED, "unit", HANDLER),
    EventKind.SIGN_WARNING: (Reason.WARNING, "unit", WARNED),
    EventKind.ANSWER_WARNING: (Reason.WARNING, "unit", WARNED),
    EventKind.SIGN_OVERDUE: (Reason.OVERDUE, "unit", OVERDUE),
    EventKind.ANSWER_OVERDUE: (Reason.OVERDUE, "unit", OVERDUE),
    EventKind.RETURN_REQUESTED: (Reason.AWAITING, "unit", LEADER),
    EventKind.RETURN_LEADER_APPROVED: (Reason.AWAITING, "decider", DISPATCHER),
    EventKind.EXTENSION_REQUESTED: (Reason.AWAITING, "decider", DISPATCHER),
    EventKind.DISPUTE_OPENED: (Reason.AWAITING, "decider", DISPATCHER),
    EventKind.REPLY_SENT_BACK: (Reason.CAME_BACK, "unit", HANDLER),
    EventKind.REHANDLING: (Reason.CAME_BACK, "unit", HANDLER),
    EventKind.RETURN_LEADER_REFUSED: (Reason.CAME_BACK, "unit", HANDLER),
    EventKind.RETURN_DECIDED: (Reason.CAME_BACK, "unit", HANDLER),
    EventKind.EXTENSION_DECIDED: (Reason.CAME_BACK, "unit", HANDLER),
}
REVIEW_KINDS = frozenset({EventKind.REPLY_SUBMITTED, EventKind.REPLY_REVIEWED})
#: the kinds read from the log: the cursor skips every other kind at the database
KINDS = frozenset(RULES) | REVIEW_KINDS


@dataclass(frozen=True)
class Concerned:
    event: Event
    reason: Reason
    user_ids: tuple[int, ...]


def _refused(event: Event) -> bool:
    """A decision comes back only when it says no (a return accepted moves the work away)."""
    if event.kind == EventKind.RETURN_DECIDED:
        return not event.data.get("accept")
    if event.kind == EventKind.EXTENSION_DECIDED:
        return not event.data.get("approve")
    return True


def _desk_roles(unit: Unit, roles: frozenset[str]) -> frozenset[str]:
    """A 12345 platform that receives work (a county platform) has dispatchers, not handlers."""
    return DISPATCHER if unit.is_platform and roles == HANDLER else roles


def concerned(events: Iterable[Event]) -> list[Concerned]:
    """The people each event concerns, leaving out the person who caused it. Reads members and
    replies in one query each, whatever the number of events."""
    events = [e for e in events if e.assignment_id is not None]
    wanted: list[tuple[Event, Reason, list[tuple[int | None, frozenset[str]]]]] = []
    replies = {
        r.pk: r
        for r in Reply.objects.filter(
            pk__in=[e.data.get("reply") for e in events if e.kind in REVIEW_KINDS]
        )
    }
    for event in events:
        a = event.assignment
        if a is None:
            continue
        if event.kind in REVIEW_KINDS:
            reply = replies.get(event.data.get("reply"))
            level = reply.current_level if reply else None
            if reply is None or reply.status != ReplyStatus.IN_REVIEW or level is None:
                continue
            units = [a.unit_id, a.dispatched_from_id, a.parent.unit_id if a.parent else None]
            wanted.append((event, Reason.AWAITING, [(u, REVIEW_LEVEL_ROLES[level]) for u in units]))
            continue
        reason, whose, roles = RULES[event.kind]
        if not _refused(event):
            continue
        if whose == "decider":
            wanted.append((event, reason, [(a.dispatched_from_id, roles)]))
        else:
            wanted.append((event, reason, [(a.unit_id, _desk_roles(a.unit, roles))]))
    unit_ids = {u for _e, _r, targets in wanted for u, _roles in targets if u}
    members: dict[int, list[Membership]] = {}
    for m in Membership.objects.filter(unit_id__in=unit_ids, user__is_active=True).select_related(
        "unit"
    ):
        members.setdefault(m.unit_id or 0, []).append(m)
    found = []
    for event, reason, targets in wanted:
        ids: set[int] = set()
        for unit_id, roles in targets:
            for m in members.get(unit_id or 0, []):
                if m.role not in roles or m.user_id == event.actor_id:
                    continue
                if event.kind in REVIEW_KINDS and not may_review(
                    Actor(user_id=m.user_id, username="", role=m.role, unit=m.unit),
                    replies[event.data["reply"]],
                    event.assignment,
                ):
                    continue
                ids.add(m.user_id)
        if ids:
            found.append(Concerned(event, reason, tuple(sorted(ids))))
    return found
