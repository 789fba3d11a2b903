"""Who decides a unit's request (the dispatcher of the platform that dispatched the assignment),
and how a decision is written onto the request."""

from __future__ import annotations

from datetime import datetime

from jiesu.core.errors import Forbidden
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import Role
from jiesu.organisation.models import Unit


def require_decider(actor: Actor, platform: Unit, what: str, *, rule: str) -> None:
    """The platform that dispatched the work decides on it: the city platform for the top hop,
    the county platform for the assignments it re-dispatched (administrators too)."""
    if actor.is_admin:
        return
    if actor.unit_id != platform.pk or actor.role != Role.PLATFORM_DISPATCHER:
        raise Forbidden(
            "forbidden",
            f"只有派单平台（{platform.name}）的派单审核员可以{what}（{rule}）。",
            rule=rule,
            platform=platform.code,
        )


def require_not_own(request, actor: Actor, what: str, *, rule: str) -> None:
    """Four eyes (R16): nobody approves a request they made — not even an administrator, who
    may both apply for a unit and decide for a platform. Refusing one's own request stays
    allowed: it only gives the work back."""
    if request.requested_by_id is not None and request.requested_by_id == actor.user_id:
        raise Forbidden(
            "own_request",
            f"不能{what}自己提出的申请，须由他人审核（{rule}）。",
            rule=rule,
            request=request.pk,
        )


def save_decision(request, fields: list[str], *, actor: Actor, now: datetime, reason: str) -> None:
    """Stamp who decided, when and why on an extension or return request (after its workflow
    move, whose changed fields are ``fields``) and save them together."""
    request.decided_by_id, request.decided_at, request.decision_reason = actor.user_id, now, reason
    request.save(update_fields=[*fields, "decided_by", "decided_at", "decision_reason"])
