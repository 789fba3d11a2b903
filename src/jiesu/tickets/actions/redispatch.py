"""County re-dispatch (转办分办, R1–R3): a county platform hands the assignment it holds to its
county departments and townships/streets. Each child gets its own clocks from the re-dispatch;
the county platform reviews the children's replies (review level ``upper``), and the child main
unit's approved reply answers the county's assignment."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import events, workflow
from jiesu.tickets.actions.dispatch import open_assignments, resolve_units
from jiesu.tickets.models import Assignment
from jiesu.tickets.queries import locked_assignment


def _check_redispatcher(actor: Actor, assignment: Assignment) -> None:
    if not permissions.sees_ticket(actor, assignment.ticket):
        raise permissions.assignment_not_found(assignment.pk)
    if not assignment.unit.is_county_platform:
        raise ValidationFailed(
            "not_county_platform",
            _("%(name)s不是县（市、区）12345平台，不能转派（R3）。")
            % {"name": assignment.unit.name},
            rule="R3",
        )
    permissions.require_redispatcher(actor, assignment)


def redispatch_assignment(
    assignment_id: int,
    *,
    main_unit: str | None,
    assist_units: list[str] | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> list[Assignment]:
    """Move the county platform's assignment to ``redispatched`` and open its children: the
    units named, or the catalogue's county-level proposal (R6)."""
    now = now or timezone.now()
    with transaction.atomic():
        assignment = locked_assignment(assignment_id)
        _check_redispatcher(actor, assignment)
        ticket = assignment.ticket
        fields = workflow.move(assignment, "redispatch")
        main, assists = resolve_units(main_unit, assist_units, ticket, assignment.unit)
        if assignment.signed_at is None:
            # Re-dispatching is the county platform's response to the dispatch: it has taken the
            # work (签收) at this moment.
            assignment.signed_at = now
            fields.append("signed_at")
            events.signed(
                ticket,
                assignment,
                actor=actor,
                at=now,
                on_time=now <= assignment.sign_deadline,
                via="redispatch",
            )
        children = open_assignments(
            ticket,
            platform=assignment.unit,
            main=main,
            assists=assists,
            actor=actor,
            now=now,
            parent=assignment,
        )
        assignment.save(update_fields=fields)
        events.redispatched(
            ticket,
            assignment,
            actor=actor,
            at=now,
            main_unit=main.code,
            assist_units=[u.code for u in assists],
            children=[c.pk for c in children],
        )
    return children
