"""Helpers shared by the actions: requirements on the actor and on plain text fields."""

from __future__ import annotations

from jiesu.core.errors import Forbidden, ValidationFailed
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import Role


def require_platform(actor: Actor, what: str) -> None:
    if not actor.on_platform:
        raise Forbidden("forbidden", f"只有12345平台人员可以{what}。")


def require_unit_member(actor: Actor, unit_id: int, what: str) -> None:
    if not actor.works_for(unit_id) or not (actor.in_unit_desk or actor.on_platform or actor.role == Role.ADMIN):
        raise Forbidden("forbidden", f"只有承办单位本单位人员可以{what}。")


def clean_text(value: str | None, *, field: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed("empty_field", f"{label}不能为空。", field=field)
    if len(text) > max_length:
        raise ValidationFailed("field_too_long", f"{label}不能超过{max_length}个字。", field=field)
    return text


def locked_ticket(number: str):
    from jiesu.core.errors import NotFound
    from jiesu.tickets.models import Ticket

    ticket = Ticket.objects.select_for_update().filter(number=number).first()
    if ticket is None:
        raise NotFound("ticket_not_found", f"工单{number}不存在。")
    return ticket


def locked_assignment(assignment_id: int):
    from jiesu.core.errors import NotFound
    from jiesu.tickets.models import Assignment

    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("ticket", "unit__region", "parent")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise NotFound("assignment_not_found", f"交办单{assignment_id}不存在。")
    return assignment
