"""Who decides a unit's request: the dispatcher of the platform that dispatched the assignment."""

from __future__ import annotations

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
