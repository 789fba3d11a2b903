"""Extension of the answer time (R8b): the unit applies through the platform that dispatched the
work; the platform approves or refuses. The total answer time (base + every approved extension)
never exceeds 15 working days, unless the category carries a legal or promised time limit."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import Conflict, ValidationFailed
from jiesu.core.text import clean_text
from jiesu.handling import workflow as requests_workflow
from jiesu.handling.actions._authority import save_decision
from jiesu.handling.choices import ExtensionStatus
from jiesu.handling.models import ExtensionRequest
from jiesu.handling.queries import dispatching_platform
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import deadlines, events, workflow
from jiesu.tickets.choices import OPEN_ASSIGNMENT_STATUSES, AssignmentStatus
from jiesu.tickets.models import Assignment
from jiesu.tickets.queries import locked_assignment

# Only work the unit has taken on can be extended: ``handling`` (signed, not yet replied), and a
# county platform's ``redispatched`` assignment (its children still carry the work). Before
# signing the unit has not looked at the matter; once a reply is in review the time is spent; in
# return review the unit says the matter is not its own.
DECIDABLE = (*OPEN_ASSIGNMENT_STATUSES, AssignmentStatus.REDISPATCHED)


def _days(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationFailed(
            "invalid_working_days", _("延期天数须为不小于1的整数（工作日）。"), field="working_days"
        )
    return value


def check_limit(assignment: Assignment, extra_days: int) -> None:
    """R8b: base answer days + approved extensions + ``extra_days`` within the limit."""
    ticket = assignment.ticket
    base = deadlines.answer_working_days(ticket.appeal_type, ticket.category)
    limit = deadlines.max_total_working_days(ticket.category)
    total = base + assignment.extension_days + extra_days
    if total > limit:
        raise ValidationFailed(
            "extension_limit_exceeded",
            _("延期后办理期限共%(total)s个工作日，超过上限%(limit)s个工作日（R8b）。")
            % {"total": total, "limit": limit},
            rule="R8b",
            limit=limit,
            total=total,
            available=max(limit - base - assignment.extension_days, 0),
        )


def request_extension(
    assignment_id: int, *, working_days: int, reason: str, actor: Actor, now: datetime | None = None
) -> ExtensionRequest:
    now = now or timezone.now()
    days = _days(working_days)
    text = clean_text(reason, field="reason", label=_("延期理由"), max_length=2000)
    with transaction.atomic():
        assignment = locked_assignment(assignment_id)
        permissions.require_on_assignment(actor, "request_extension", assignment)
        workflow.target(assignment, "request_extension")
        if assignment.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
            raise Conflict(
                "extension_pending",
                _("已有一项延期申请待审核，审核前不能再次申请（R8b）。"),
                rule="R8b",
            )
        check_limit(assignment, days)
        request = ExtensionRequest.objects.create(
            assignment=assignment,
            working_days=days,
            reason=text,
            requested_by_id=actor.user_id,
            requested_at=now,
        )
        events.extension_requested(
            assignment.ticket,
            assignment,
            actor=actor,
            at=now,
            request=request.pk,
            working_days=days,
            reason=text,
        )
    return request


def decide_extension(
    request_id: int, *, approve: bool, reason: str = "", actor: Actor, now: datetime | None = None
) -> ExtensionRequest:
    now = now or timezone.now()
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise ValidationFailed("field_too_long", _("审核意见不能超过2000个字。"), field="reason")
    with transaction.atomic():
        assignment_id = (
            ExtensionRequest.objects.filter(pk=request_id)
            .values_list("assignment_id", flat=True)
            .first()
        )
        if assignment_id is None:
            raise permissions.extension_not_found(request_id)
        assignment = locked_assignment(assignment_id)
        request = ExtensionRequest.objects.select_for_update().get(pk=request_id)
        permissions.require_decider(
            actor,
            dispatching_platform(assignment),
            _("审核延期申请"),
            rule="R8b",
            ticket=assignment.ticket,
            hidden=permissions.extension_not_found(request_id),
        )
        fields = requests_workflow.move(request, "approve" if approve else "refuse")
        if not approve and not reason:
            raise ValidationFailed("reason_required", _("不批准延期须写明理由。"), field="reason")
        if approve:
            permissions.require_not_own(request, actor, _("批准"), rule="R16")
            _extend(assignment, request.working_days, now=now)
        save_decision(request, fields, actor=actor, now=now, reason=reason)
        events.extension_decided(
            assignment.ticket,
            assignment,
            actor=actor,
            at=now,
            request=request.pk,
            approve=approve,
            working_days=request.working_days,
            reason=reason,
        )
    return request


def _extend(assignment: Assignment, days: int, *, now: datetime) -> None:
    if assignment.status not in DECIDABLE:
        raise Conflict(
            "assignment_not_open",
            _("交办单当前状态为「%(status)s」，已不需要延期（R8b）。")
            % {"status": assignment.get_status_display()},
            rule="R8b",
            state=assignment.status,
        )
    check_limit(assignment, days)
    ticket = assignment.ticket
    assignment.extension_days += days
    clocks = deadlines.compute(
        dispatched_at=assignment.dispatched_at,
        clock_started_at=assignment.clock_started_at,
        appeal_type=ticket.appeal_type,
        urgent=ticket.urgent,
        extension_days=assignment.extension_days,
        category=ticket.category,
        urgent_since=assignment.urgent_since,
    )
    assignment.answer_deadline = clocks.answer_deadline
    fields = ["extension_days", "answer_deadline"]
    if assignment.answer_deadline > now:
        assignment.answer_warned_at = assignment.answer_overdue_at = None
        fields += ["answer_warned_at", "answer_overdue_at"]
    assignment.save(update_fields=fields)
