"""The platform's decision on a return (R15): accept and re-dispatch (改派) the unit's share —
main or assisting — at the same hop, or refuse: first-receiver responsibility (首办负责制) is the
default, so a refusal needs a reason and the work goes back to the unit. A contested ownership
can first go to a dispatch dispute review (派单争议审核); the decision then settles the dispute
and records who owns the matter. When the unit's findings show that the matter is outside
12345's scope, the platform accepts the main unit's return *back to the platform* (退回平台)
instead of re-dispatching it: no unit holds the ticket any more and it is the platform's own
case again (``accepted``), to be diverted (R12) or dispatched anew (decision 0036)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import Conflict, ValidationFailed
from jiesu.handling import workflow as requests_workflow
from jiesu.handling.actions._authority import save_decision
from jiesu.handling.actions.returns import locked_return, sign_on_refusal
from jiesu.handling.actions.withdraw import withdraw_open_assignments
from jiesu.handling.choices import ReturnStatus
from jiesu.handling.models import ReturnRequest
from jiesu.handling.queries import dispatching_platform
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.organisation.models import Unit
from jiesu.tickets import events, workflow
from jiesu.tickets.actions.dispatch import open_assignments, open_assist_assignment
from jiesu.tickets.choices import AssignmentRole, AssignmentStatus
from jiesu.tickets.models import Assignment, Ticket
from jiesu.tickets.queries import locked_ticket


def _reason(value: str | None, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed("reason_required", message, field="reason", rule="R15")
    if len(text) > 2000:
        raise ValidationFailed("field_too_long", _("理由不能超过2000个字。"), field="reason")
    return text


def open_dispute(
    request_id: int, *, reason: str, actor: Actor, now: datetime | None = None
) -> ReturnRequest:
    now = now or timezone.now()
    with transaction.atomic():
        assignment, request = locked_return(request_id)
        permissions.require_decider(
            actor,
            dispatching_platform(assignment),
            _("发起派单争议审核"),
            rule="R15",
            ticket=assignment.ticket,
            hidden=permissions.return_not_found(request_id),
        )
        fields = requests_workflow.move(request, "open_dispute")
        text = _reason(reason, _("发起派单争议审核须写明争议事由。"))
        request.dispute_reason, request.dispute_opened_by_id, request.dispute_opened_at = (
            text,
            actor.user_id,
            now,
        )
        request.save(
            update_fields=[*fields, "dispute_reason", "dispute_opened_by", "dispute_opened_at"]
        )
        events.dispute_opened(
            assignment.ticket,
            assignment,
            actor=actor,
            at=now,
            request=request.pk,
            reason=text,
            unit=assignment.unit.code,
            suggested_unit=request.suggested_unit.code,
        )
    return request


def _new_unit(code: str | None, request: ReturnRequest, assignment: Assignment) -> Unit:
    unit = request.suggested_unit
    if code and code.strip() and code.strip() != unit.code:
        found = Unit.objects.select_related("region").filter(code=code.strip()).first()
        if found is None:
            raise ValidationFailed(
                "unknown_unit",
                _("未知的单位编码：%(code)s。") % {"code": code},
                field="new_main_unit",
                units=[code],
            )
        unit = found
    if unit.pk == assignment.unit_id:
        raise ValidationFailed(
            "return_same_unit", _("改派单位不能是申请退单的单位。"), field="new_main_unit"
        )
    return unit


def decide_return(
    request_id: int,
    *,
    accept: bool,
    reason: str = "",
    new_main_unit: str | None = None,
    back_to_platform: bool = False,
    actor: Actor,
    now: datetime | None = None,
) -> ReturnRequest:
    now = now or timezone.now()
    with transaction.atomic():
        # the ticket first when it is to move (the order every ticket-wide action locks in)
        ticket = _ticket_of(request_id) if back_to_platform else None
        assignment, request = locked_return(request_id)
        platform = dispatching_platform(assignment)
        permissions.require_decider(
            actor,
            platform,
            _("审核退单申请"),
            rule="R15",
            ticket=assignment.ticket,
            hidden=permissions.return_not_found(request_id),
        )
        if ticket is not None:
            _check_back_to_platform(ticket, assignment, accept=accept, unit=new_main_unit)
        disputed = request.status == ReturnStatus.DISPUTED
        fields = requests_workflow.move(request, "accept" if accept else "refuse")
        if accept:
            permissions.require_not_own(request, actor, _("同意"), rule="R16")
            text = (reason or "").strip()[:2000]
            if not request.statement:
                raise ValidationFailed(
                    "return_statement_required",
                    _("退单须提交加盖单位公章的退单情况说明后才能同意（R15）。"),
                    rule="R15",
                )
            # The returning unit's share goes to the new unit (改派) in the same role: the new
            # main unit, or the new assisting unit — or back to the platform itself.
            owner = platform if ticket else _new_unit(new_main_unit, request, assignment)
            a_fields = workflow.move(assignment, "accept_return")
        else:
            text = _reason(reason, _("不同意退单须写明理由（首办负责制：原则上不得退单）。"))
            owner = assignment.unit
            a_fields = workflow.move(assignment, "refuse_return")
            # Refused: the work is the unit's (首办负责制); its answer to the dispatch was the
            # return request, so sign timeliness is judged at that moment.
            sign_on_refusal(
                assignment,
                a_fields,
                actor=actor,
                now=now,
                answered_at=request.requested_at,
                via="return_refused",
            )
        assignment.save(update_fields=a_fields)
        request.owner_unit = owner
        update = [*fields, "owner_unit"]
        events.return_decided(
            assignment.ticket,
            assignment,
            actor=actor,
            at=now,
            request=request.pk,
            accept=accept,
            reason=text,
            role=assignment.role,
            new_unit=owner.code if accept and ticket is None else None,
            statement_sha256=request.statement_sha256,
        )
        if disputed:
            events.dispute_decided(
                assignment.ticket,
                assignment,
                actor=actor,
                at=now,
                request=request.pk,
                owner=owner.code,
                reason=text,
            )
        if ticket is not None:
            _give_back(ticket, assignment, request, platform, actor=actor, now=now, reason=text)
        elif accept:
            request.new_assignment = _redispatch(
                assignment, owner, platform=platform, actor=actor, now=now
            )
            update.append("new_assignment")
        save_decision(request, update, actor=actor, now=now, reason=text)
    return request


def _ticket_of(request_id: int) -> Ticket:
    number = (
        ReturnRequest.objects.filter(pk=request_id)
        .values_list("assignment__ticket__number", flat=True)
        .first()
    )
    if number is None:
        raise permissions.return_not_found(request_id)
    return locked_ticket(number)


def _check_back_to_platform(
    ticket: Ticket, assignment: Assignment, *, accept: bool, unit: str | None
) -> None:
    """Back to the platform: only on accepting, with no unit named, for the main unit of the
    top hop (an assisting unit's or a lower hop's return leaves the main work where it is), and
    only while the ticket may go back (``return_to_platform``)."""
    if not accept:
        raise ValidationFailed(
            "back_to_platform_needs_accept",
            _("只有同意退单时才能退回平台。"),
            field="back_to_platform",
            rule="R15",
        )
    if unit and unit.strip():
        raise ValidationFailed(
            "back_to_platform_with_unit",
            _("退回平台时不能同时指定改派单位：请二选一。"),
            field="new_main_unit",
            rule="R15",
        )
    if assignment.role != AssignmentRole.MAIN or assignment.parent_id is not None:
        raise Conflict(
            "back_to_platform_main_only",
            _("只有一级主办单位的退单可以退回平台；协办单位或下级单位的退单请改派（R15）。"),
            rule="R15",
        )
    workflow.target(ticket, "return_to_platform")


def _give_back(
    ticket: Ticket,
    assignment: Assignment,
    request: ReturnRequest,
    platform: Unit,
    *,
    actor: Actor,
    now: datetime,
    reason: str,
) -> None:
    """No unit holds the ticket any more: the assisting units' shares end with the main one,
    and the ticket is the platform's own case again (``accepted``)."""
    withdraw_open_assignments(
        ticket,
        actor=actor,
        now=now,
        reason=_("主办单位退单，工单退回平台"),
        data={"returned_assignment": assignment.pk},
    )
    fields = workflow.move(ticket, "return_to_platform")
    ticket.overdue = False
    ticket.save(update_fields=[*fields, "overdue"])
    events.returned_to_platform(
        ticket,
        assignment,
        actor=actor,
        at=now,
        request=request.pk,
        platform=platform.code,
        reason=reason,
    )


def _redispatch(
    assignment: Assignment, unit: Unit, *, platform: Unit, actor: Actor, now: datetime
) -> Assignment | None:
    """改派 at the same hop (same parent, same platform, fresh clocks): a main unit's share to
    the new main unit — which, if it was assisting on this hop, gives up that share (withdrawn,
    with its open requests) and leads instead; an assisting unit's share to a new assisting unit —
    unless that unit already works this hop, which then simply keeps the matter. No unit ever
    holds two shares of one hop."""
    ticket = assignment.ticket
    if assignment.role == AssignmentRole.MAIN:
        withdraw_open_assignments(
            ticket,
            actor=actor,
            now=now,
            reason=_("退单改派为主办"),
            data={"becomes": "main", "returned_assignment": assignment.pk},
            parent_id=assignment.parent_id,
            unit=unit,
            role=AssignmentRole.ASSIST,
        )
        return open_assignments(
            ticket,
            platform=platform,
            main=unit,
            assists=[],
            actor=actor,
            now=now,
            parent=assignment.parent,
        )[0]
    on_hop = (
        Assignment.objects.filter(ticket=ticket, parent_id=assignment.parent_id, unit=unit)
        .exclude(status__in=[AssignmentStatus.RETURNED, AssignmentStatus.WITHDRAWN])
        .exists()
    )
    if on_hop:
        return None
    return open_assist_assignment(
        ticket, platform=platform, unit=unit, actor=actor, now=now, parent=assignment.parent
    )
