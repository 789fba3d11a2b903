"""How a decision is written onto a unit's request. Who may decide is
``organisation.permissions.require_decider``."""

from __future__ import annotations

from datetime import datetime

from jiesu.organisation.actor import Actor


def save_decision(request, fields: list[str], *, actor: Actor, now: datetime, reason: str) -> None:
    """Stamp who decided, when and why on an extension or return request (after its workflow
    move, whose changed fields are ``fields``) and save them together."""
    request.decided_by_id, request.decided_at, request.decision_reason = actor.user_id, now, reason
    request.save(update_fields=[*fields, "decided_by", "decided_at", "decision_reason"])
