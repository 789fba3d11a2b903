"""Who is acting: the user, their role and unit, resolved once per request or command."""

from __future__ import annotations

from dataclasses import dataclass

from jiesu.organisation.choices import PLATFORM_ROLES, UNIT_ROLES, Role
from jiesu.organisation.models import Unit


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: str
    unit: Unit | None
    #: a caller (``CALLER``) acting on one ticket whose number and query code they showed
    ticket_number: str = ""
    #: a receiving system's integration key: the diversion channel whose results it reports
    channel: str = ""

    @property
    def unit_id(self) -> int | None:
        return self.unit.pk if self.unit else None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def on_platform(self) -> bool:
        """Operators and dispatchers of a 12345 platform (city or county), and administrators."""
        return self.is_admin or (
            self.role in PLATFORM_ROLES and self.unit is not None and self.unit.is_platform
        )

    @property
    def on_city_platform(self) -> bool:
        return self.is_admin or (
            self.on_platform and self.unit is not None and self.unit.is_city_platform
        )

    @property
    def in_unit_desk(self) -> bool:
        return self.role in UNIT_ROLES

    def works_for(self, unit_id: int) -> bool:
        return self.is_admin or self.unit_id == unit_id


SYSTEM = Actor(user_id=None, username="system", role="system", unit=None)

#: The role of a person or outside system acting through a public channel (the citizen portal,
#: Open311, an integration key): not a desk role, so it has no membership row.
CALLER = "caller"


def caller(
    *, username: str, user_id: int | None = None, ticket_number: str = "", channel: str = ""
) -> Actor:
    """Someone who files requests and rates the answer of their own: the tickets created by
    ``user_id`` (an integration's service user), or the one ``ticket_number`` whose query code
    was shown (the portal)."""
    return Actor(
        user_id=user_id,
        username=username,
        role=CALLER,
        unit=None,
        ticket_number=ticket_number,
        channel=channel,
    )


def actor_for(user) -> Actor:
    """The actor behind a Django user. Superusers act as administrators."""
    membership = getattr(
        user, "membership", None
    )  # the reverse one-to-one raises AttributeError when absent
    if membership is not None:
        role, unit = membership.role, membership.unit
    else:
        role, unit = (Role.ADMIN if user.is_superuser else Role.CITIZEN), None
    return Actor(user_id=user.pk, username=user.get_username(), role=role, unit=unit)
