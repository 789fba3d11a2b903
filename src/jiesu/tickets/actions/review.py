"""Review of a reply, level by level (R16); the last approval answers the assignment and, for the
main unit at the top hop, the ticket."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jiesu.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import Role
from jiesu.tickets import events, workflow
from jiesu.tickets.actions._common import locked_assignment
from jiesu.tickets.choices import AssignmentRole, EventKind, ReplyStatus, ReviewLevel
from jiesu.tickets.models import Assignment, Reply, Review

_LEVEL_ROLES = {
    ReviewLevel.SECTION_HEAD: {Role.UNIT_REVIEWER, Role.UNIT_LEADER},
    ReviewLevel.DEPUTY_LEADER: {Role.UNIT_LEADER},
    ReviewLevel.UPPER: {Role.PLATFORM_DISPATCHER, Role.UNIT_REVIEWER, Role.UNIT_LEADER},
    ReviewLevel.PLATFORM: {Role.PLATFORM_DISPATCHER},
}


def _reviewing_unit_id(reply: Reply, assignment: Assignment) -> int | None:
    if reply.current_level == ReviewLevel.UPPER and assignment.parent:
        return assignment.parent.unit_id
    if reply.current_level == ReviewLevel.PLATFORM:
        return assignment.dispatched_from_id
    return assignment.unit_id


def _check_reviewer(actor: Actor, reply: Reply, assignment: Assignment) -> None:
    level = reply.current_level
    if reply.author_id is not None and reply.author_id == actor.user_id:
        raise Forbidden("own_reply", "不能审核本人撰写的答复：答复须经他人审核（四眼原则，R16）。", rule="R16")
    if actor.is_admin:
        return
    if actor.unit_id != _reviewing_unit_id(reply, assignment) or actor.role not in _LEVEL_ROLES[level]:
        label = ReviewLevel(level).label
        raise Forbidden("forbidden", f"当前环节为「{label}」，您无权审核此答复（R16）。", rule="R16", level=level)


def review_reply(reply_id: int, *, approve: bool, comment: str = "", actor: Actor, now: datetime | None = None) -> Reply:
    now = now or timezone.now()
    comment = (comment or "").strip()
    with transaction.atomic():
        reply_row = Reply.objects.filter(pk=reply_id).values_list("assignment_id", flat=True).first()
        if reply_row is None:
            raise NotFound("reply_not_found", f"答复{reply_id}不存在。")
        assignment = locked_assignment(reply_row)
        reply = Reply.objects.get(pk=reply_id)
        if reply.status != ReplyStatus.IN_REVIEW:
            raise Conflict("state_conflict", "该答复已审结，不能再审核（R16）。", rule="R16", state=reply.status)
        _check_reviewer(actor, reply, assignment)
        if not approve and not comment:
            raise ValidationFailed("reason_required", "退回重办须写明理由（答复不规范、不具体或不完整之处）。", field="comment")
        level = reply.current_level
        Review.objects.create(reply=reply, level=level, reviewer_id=actor.user_id, approve=approve, comment=comment, at=now)
        events.record(
            ticket=assignment.ticket,
            assignment=assignment,
            kind=EventKind.REPLY_REVIEWED,
            actor=actor,
            at=now,
            data={"reply": reply.pk, "level": level, "approve": approve, "comment": comment},
        )
        if not approve:
            _send_back(reply, assignment, actor=actor, now=now, comment=comment)
        elif reply.level_index + 1 < len(reply.levels):
            reply.level_index += 1
            reply.save(update_fields=["level_index"])
        else:
            _approve(reply, assignment, actor=actor, now=now)
    return reply


def _send_back(reply: Reply, assignment: Assignment, *, actor: Actor, now: datetime, comment: str) -> None:
    fields = workflow.move(assignment, "send_back_reply")
    assignment.save(update_fields=fields)
    reply.status, reply.decided_at = ReplyStatus.SENT_BACK, now
    reply.save(update_fields=["status", "decided_at"])
    events.record(
        ticket=assignment.ticket, assignment=assignment, kind=EventKind.REPLY_SENT_BACK, actor=actor, at=now,
        data={"reply": reply.pk, "reason": comment},
    )


def _approve(reply: Reply, assignment: Assignment, *, actor: Actor, now: datetime) -> None:
    fields = workflow.move(assignment, "approve_reply")
    assignment.answered_at = now
    assignment.save(update_fields=[*fields, "answered_at"])
    reply.status, reply.decided_at = ReplyStatus.APPROVED, now
    reply.save(update_fields=["status", "decided_at"])
    events.record(
        ticket=assignment.ticket, assignment=assignment, kind=EventKind.REPLY_APPROVED, actor=actor, at=now,
        data={"reply": reply.pk, "on_time": now <= assignment.answer_deadline},
    )
    if assignment.role == AssignmentRole.MAIN:
        _main_answered(assignment, reply, actor=actor, now=now)


def _main_answered(assignment: Assignment, reply: Reply, *, actor: Actor, now: datetime) -> None:
    """The main unit's approved reply answers the hop above: the county platform's assignment
    that re-dispatched it (R3), or, at the top, the ticket itself."""
    ticket = assignment.ticket
    if assignment.parent_id is not None:
        parent = Assignment.objects.select_for_update(of=("self",)).select_related("ticket", "unit").get(pk=assignment.parent_id)
        fields = workflow.move(parent, "children_answered")
        parent.answered_at = now
        parent.save(update_fields=[*fields, "answered_at"])
        events.record(
            ticket=ticket, assignment=parent, kind=EventKind.REPLY_APPROVED, actor=actor, at=now,
            data={"reply": reply.pk, "from_child": assignment.pk, "on_time": now <= parent.answer_deadline},
        )
        if parent.role == AssignmentRole.MAIN:
            _main_answered(parent, reply, actor=actor, now=now)
        return
    ticket_fields = workflow.move(ticket, "reply_approved")
    ticket.answer, ticket.awaiting_callback = reply.content, True
    ticket.save(update_fields=[*ticket_fields, "answer", "awaiting_callback"])
    events.record(
        ticket=ticket, assignment=assignment, kind=EventKind.TICKET_REPLIED, actor=actor, at=now,
        data={"reply": reply.pk, "unit": assignment.unit.code},
    )
