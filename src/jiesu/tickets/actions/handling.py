"""Sign for an assignment (R14) and submit a reply into the review chain (R16)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.text import clean_text
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import events, workflow
from jiesu.tickets.actions.review import await_review
from jiesu.tickets.choices import AssignmentRole, ReviewLevel
from jiesu.tickets.models import Assignment, Reply
from jiesu.tickets.queries import locked_assignment


def sign_assignment(assignment_id: int, *, actor: Actor, now: datetime | None = None) -> Assignment:
    now = now or timezone.now()
    with transaction.atomic():
        assignment = locked_assignment(assignment_id)
        permissions.require_on_assignment(actor, "sign", assignment)
        fields = workflow.move(assignment, "sign")
        assignment.signed_at = now
        assignment.save(update_fields=[*fields, "signed_at"])
        events.signed(
            assignment.ticket,
            assignment,
            actor=actor,
            at=now,
            on_time=now <= assignment.sign_deadline,
        )
    return assignment


def review_levels(assignment: Assignment) -> list[str]:
    """The review chain of a reply (R16): the unit's section head, or its deputy leader for key
    requests (一人多次/一事多人/督办); then the platform above when the work came down a hop, or —
    for the main unit's reply at the top hop — the dispatching 12345 platform itself where
    ``JIESU_PLATFORM_REVIEW`` names its level (``city`` and/or ``county``), so that it can send
    back a reply that is not standard, specific or complete (退回重办) before the callback."""
    ticket = assignment.ticket
    key = ticket.key_request or ticket.supervised
    levels = [ReviewLevel.DEPUTY_LEADER if key else ReviewLevel.SECTION_HEAD]
    if assignment.parent_id is not None:
        levels.append(ReviewLevel.UPPER)
    elif assignment.role == AssignmentRole.MAIN and _platform_reviews(assignment):
        levels.append(ReviewLevel.PLATFORM)
    return [str(level) for level in levels]


def _platform_reviews(assignment: Assignment) -> bool:
    platform = assignment.dispatched_from
    if platform is None:
        return False
    level = "city" if platform.is_city_platform else "county"
    return level in settings.JIESU_PLATFORM_REVIEW


def submit_reply(
    assignment_id: int, content: str, *, actor: Actor, now: datetime | None = None
) -> Reply:
    now = now or timezone.now()
    text = clean_text(content, field="content", label=_("答复内容"), max_length=20000)
    with transaction.atomic():
        assignment = locked_assignment(assignment_id)
        permissions.require_on_assignment(actor, "reply", assignment)
        fields = workflow.move(assignment, "submit_reply")
        assignment.save(update_fields=fields)
        reply = Reply(
            assignment=assignment,
            content=text,
            author_id=actor.user_id,
            created_at=now,
            levels=review_levels(assignment),
        )
        await_review(reply, assignment)
        reply.save(force_insert=True)
        events.reply_submitted(
            assignment.ticket,
            assignment,
            actor=actor,
            at=now,
            reply=reply.pk,
            content=text,
            levels=reply.levels,
        )
    return reply
