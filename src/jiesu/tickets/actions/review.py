"""Review of a reply, level by level (R16); the last approval answers the assignment and, for the
main unit at the top hop, the ticket."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import Conflict, ValidationFailed
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import events, workflow
from jiesu.tickets.choices import AssignmentRole, ReplyStatus, ReviewLevel
from jiesu.tickets.models import Assignment, Reply, Review
from jiesu.tickets.queries import locked_assignment


def _check_reviewer(actor: Actor, reply: Reply, assignment: Assignment) -> None:
    label = ReviewLevel(reply.current_level).label if reply.current_level else ""
    permissions.require_reviewer(actor, reply, assignment, label=label)


def await_review(reply: Reply, assignment: Assignment) -> list[str]:
    """Store where the reply's review waits now — its current level and the unit whose people
    review at it — or nowhere once decided (decision 0030); the fields to save."""
    level = reply.current_level if reply.status == ReplyStatus.IN_REVIEW else None
    reply.awaiting_level = level or ""
    reply.awaiting_unit_id = permissions.reviewing_unit_id(level, assignment) if level else None
    return ["awaiting_level", "awaiting_unit"]


def review_reply(
    reply_id: int, *, approve: bool, comment: str = "", actor: Actor, now: datetime | None = None
) -> Reply:
    now = now or timezone.now()
    comment = (comment or "").strip()
    with transaction.atomic():
        reply_row = (
            Reply.objects.filter(pk=reply_id).values_list("assignment_id", flat=True).first()
        )
        if reply_row is None:
            raise permissions.reply_not_found(reply_id)
        assignment = locked_assignment(reply_row)
        reply = Reply.objects.get(pk=reply_id)
        workflow.target(
            reply, "approve" if approve else "send_back"
        )  # a decided reply is not reviewed again
        _check_reviewer(actor, reply, assignment)
        if not approve and not comment:
            raise ValidationFailed(
                "reason_required",
                _("退回重办须写明理由（答复不规范、不具体或不完整之处）。"),
                field="comment",
            )
        level = reply.current_level
        if level is None:  # an approved or sent-back reply was refused by the table above
            raise Conflict(
                "state_conflict",
                _("该答复没有待审核的环节（R16）。"),
                rule="R16",
                state=reply.status,
            )
        Review.objects.create(
            reply=reply,
            level=level,
            reviewer_id=actor.user_id,
            approve=approve,
            comment=comment,
            at=now,
        )
        events.reply_reviewed(
            assignment.ticket,
            assignment,
            actor=actor,
            at=now,
            reply=reply.pk,
            level=level,
            approve=approve,
            comment=comment,
        )
        if not approve:
            _send_back(reply, assignment, actor=actor, now=now, comment=comment)
        elif reply.level_index + 1 < len(reply.levels):
            reply.level_index += 1
            reply.save(update_fields=["level_index", *await_review(reply, assignment)])
        else:
            _approve(reply, assignment, actor=actor, now=now)
    return reply


def _send_back(
    reply: Reply, assignment: Assignment, *, actor: Actor, now: datetime, comment: str
) -> None:
    fields = workflow.move(assignment, "send_back_reply")
    assignment.save(update_fields=fields)
    reply_fields = workflow.move(reply, "send_back")
    reply.decided_at = now
    reply.save(update_fields=[*reply_fields, "decided_at", *await_review(reply, assignment)])
    events.reply_sent_back(
        assignment.ticket, assignment, actor=actor, at=now, reply=reply.pk, reason=comment
    )


def _approve(reply: Reply, assignment: Assignment, *, actor: Actor, now: datetime) -> None:
    fields = workflow.move(assignment, "approve_reply")
    assignment.answered_at = now
    assignment.save(update_fields=[*fields, "answered_at"])
    reply_fields = workflow.move(reply, "approve")
    reply.decided_at = now
    reply.save(update_fields=[*reply_fields, "decided_at", *await_review(reply, assignment)])
    events.reply_approved(
        assignment.ticket,
        assignment,
        actor=actor,
        at=now,
        reply=reply.pk,
        on_time=now <= assignment.answer_deadline,
    )
    if assignment.role == AssignmentRole.MAIN:
        _main_answered(assignment, reply, actor=actor, now=now)


def _main_answered(assignment: Assignment, reply: Reply, *, actor: Actor, now: datetime) -> None:
    """The main unit's approved reply answers the hop above: the county platform's assignment
    that re-dispatched it (R3), or, at the top, the ticket itself."""
    ticket = assignment.ticket
    if assignment.parent_id is not None:
        parent = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("ticket", "unit")
            .get(pk=assignment.parent_id)
        )
        fields = workflow.move(parent, "children_answered")
        parent.answered_at = now
        parent.save(update_fields=[*fields, "answered_at"])
        events.reply_approved(
            ticket,
            parent,
            actor=actor,
            at=now,
            reply=reply.pk,
            from_child=assignment.pk,
            on_time=now <= parent.answer_deadline,
        )
        if parent.role == AssignmentRole.MAIN:
            _main_answered(parent, reply, actor=actor, now=now)
        return
    ticket_fields = workflow.move(ticket, "reply_approved")
    ticket.answer, ticket.awaiting_callback = reply.content, True
    ticket.save(update_fields=[*ticket_fields, "answer", "awaiting_callback"])
    events.ticket_replied(
        ticket, assignment, actor=actor, at=now, reply=reply.pk, unit=assignment.unit.code
    )
