"""The supervision desk's verbs (R18, R19): escalate, supervise with a deadline, record a
leader's instruction, transfer a misconduct clue. Each locks the ticket, asks the workflow where
the state matters, writes its record and its event in one transaction.

Escalations, supervisions and instructions are tasks (decision 0013): each has an owner unit (or,
for an escalation to the city government, the supervision desk acting for it), a deadline, and a
feedback step that only the owner takes (``give_feedback``)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from jiesu.core.text import clean_text
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import UnitKind
from jiesu.organisation.models import Unit
from jiesu.supervision.choices import ESCALATION_LADDER, EscalationLevel
from jiesu.supervision.models import AnyTask, ClueTransfer, Escalation, Instruction, Supervision
from jiesu.tickets import events, workflow
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.choices import DispatchClass, Track
from jiesu.tickets.models import Ticket
from jiesu.tickets.queries import locked_ticket
from jiesu.workdays.loader import get_calendar


def may_give_feedback(actor: Actor, task: AnyTask) -> bool:
    if isinstance(task, Escalation):
        if task.level == EscalationLevel.CITY_GOVERNMENT:
            return permissions.acts_for_city_government(actor)
        return permissions.leads_unit(actor, task.unit_id)
    return permissions.answers_for_unit(actor, task.unit_id)


def task_deadline(start: datetime, working_days: int) -> datetime:
    return get_calendar().add_working_days(start, working_days)


def _reason(value: str | None, *, field: str, label: str) -> str:
    if not (value or "").strip():
        raise ValidationFailed(
            "reason_required", _("%(label)s不能为空。") % {"label": label}, field=field
        )
    return clean_text(value, field=field, label=label, max_length=2000)


def _named_unit(code: str | None) -> Unit | None:
    """The owner named in a request, if any (an unknown code is refused before anything)."""
    code = (code or "").strip()
    if not code:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationFailed(
            "unknown_unit", _("未知的单位编码：%(code)s。") % {"code": code}, field="unit"
        )
    if unit.kind == UnitKind.VILLAGE:
        raise ValidationFailed(
            "village_not_handling_unit",
            _("%(name)s是村（社区），不是承办单位，不能跟踪办理（R2）。") % {"name": unit.name},
            rule="R2",
            unit=unit.code,
        )
    return unit


def _default_owner(ticket: Ticket) -> Unit | None:
    """The unit that answers for a ticket: its current main unit; before dispatch, none."""
    main = main_assignment(ticket)
    return main.unit if main else None


# --- escalation (提级协调) -------------------------------------------------------------


def escalate_locked(ticket: Ticket, *, reason: str, actor: Actor, now: datetime) -> Escalation:
    """Escalate a ticket the caller has locked: the next level of the ladder. The ticket becomes
    a C-class key request, so its replies then need the unit's deputy leader (R16)."""
    workflow.target(ticket, "escalate")
    done = Escalation.objects.filter(ticket=ticket).count()
    if done >= len(ESCALATION_LADDER):
        raise Conflict(
            "escalation_exhausted",
            _("该工单已提请市政府统筹研究，不能再提级（R18）。"),
            rule="R18",
        )
    level = ESCALATION_LADDER[done]
    main = main_assignment(ticket) if level == EscalationLevel.UNIT_LEADERSHIP else None
    days = (
        settings.JIESU_ESCALATION_UNIT_DAYS
        if level == EscalationLevel.UNIT_LEADERSHIP
        else settings.JIESU_ESCALATION_CITY_DAYS
    )
    deadline = task_deadline(now, days)
    previous = {"dispatch_class": ticket.dispatch_class, "key_request": ticket.key_request}
    ticket.dispatch_class, ticket.key_request = DispatchClass.C, True
    ticket.save(update_fields=["dispatch_class", "key_request"])
    escalation = Escalation.objects.create(
        ticket=ticket,
        level=level,
        unit=main.unit if main else None,
        reason=reason,
        by_id=actor.user_id,
        at=now,
        deadline=deadline,
    )
    events.escalated(
        ticket,
        actor=actor,
        at=now,
        escalation=escalation.pk,
        level=str(level),
        level_label=escalation.get_level_display(),
        unit=main.unit.code if main else None,
        reason=reason,
        from_=previous,
        deadline=deadline,
    )
    return escalation


def escalate_ticket(
    number: str, *, reason: str, actor: Actor, now: datetime | None = None
) -> Escalation:
    permissions.require(actor, "escalate")
    text = _reason(reason, field="reason", label=_("提级理由"))
    now = now or timezone.now()
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "escalate", ticket)
        return escalate_locked(ticket, reason=text, actor=actor, now=now)


# --- supervision (督办) ------------------------------------------------------------------


def parse_deadline(value: str | datetime | None) -> datetime:
    """An ISO 8601 date-time; without an offset it is read in Asia/Shanghai."""
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat((value or "").strip())
        except ValueError:
            raise ValidationFailed(
                "invalid_deadline",
                _("督办时限须为 ISO 8601 日期时间，例如 2025-07-01T18:00:00+08:00。"),
                field="deadline",
            ) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def open_supervision(
    number: str,
    *,
    reason: str,
    deadline: str | datetime,
    unit: str | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> Supervision:
    """督办: the ticket is marked supervised (full callback, deputy-leader review) and goes to
    the 高位督办 track; the supervision has its own deadline, by which the supervised unit
    (``unit``, by default the main unit) feeds back."""
    permissions.require(actor, "supervise")
    text = _reason(reason, field="reason", label=_("督办事由"))
    named = _named_unit(unit)
    due = parse_deadline(deadline)
    now = now or timezone.now()
    if due <= now:
        raise ValidationFailed("invalid_deadline", _("督办时限须晚于当前时间。"), field="deadline")
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "supervise", ticket)
        workflow.target(ticket, "supervise")
        if Supervision.objects.filter(ticket=ticket, closed_at__isnull=True).exists():
            raise Conflict(
                "supervision_open",
                _("工单%(number)s已在督办中，请先办结现有督办。") % {"number": number},
            )
        owner = named or _default_owner(ticket)
        previous_track = ticket.track
        ticket.supervised, ticket.track = True, Track.SUPERVISED
        ticket.save(update_fields=["supervised", "track"])
        supervision = Supervision.objects.create(
            ticket=ticket,
            reason=text,
            deadline=due,
            unit=owner,
            opened_by_id=actor.user_id,
            opened_at=now,
        )
        events.supervision_opened(
            ticket,
            actor=actor,
            at=now,
            supervision=supervision.pk,
            reason=text,
            deadline=due,
            from_track=previous_track,
            unit=owner.code if owner else None,
        )
    return supervision


def close_supervision(
    supervision_id: int, *, result: str, actor: Actor, now: datetime | None = None
) -> Supervision:
    """Close a supervision with its result; the ticket stays marked supervised (it is still
    called back in full)."""
    permissions.require(actor, "close_supervision")
    text = clean_text(result, field="result", label=_("督办结果"), max_length=20000)
    now = now or timezone.now()
    with transaction.atomic():
        number = (
            Supervision.objects.filter(pk=supervision_id)
            .values_list("ticket__number", flat=True)
            .first()
        )
        if number is None:
            raise permissions.supervision_not_found(supervision_id)
        ticket = locked_ticket(number)
        permissions.require(
            actor,
            "close_supervision",
            ticket,
            hidden=permissions.supervision_not_found(supervision_id),
        )
        supervision = Supervision.objects.select_for_update().get(pk=supervision_id)
        if supervision.closed_at is not None:
            raise Conflict("supervision_closed", _("该督办已办结。"), state="closed")
        supervision.closed_at, supervision.closed_by_id, supervision.result = (
            now,
            actor.user_id,
            text,
        )
        supervision.save(update_fields=["closed_at", "closed_by", "result"])
        supervision.ticket = ticket
        events.supervision_closed(
            ticket,
            actor=actor,
            at=now,
            supervision=supervision.pk,
            result=text,
            on_time=now <= supervision.deadline,
        )
    return supervision


# --- leaders' instructions (批示件) and clue transfers (线索移交) -------------------------


def record_instruction(
    number: str,
    *,
    leader: str,
    content: str,
    unit: str | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> Instruction:
    """批示件: followed up by ``unit`` (by default the ticket's main unit), who feeds back within
    ``JIESU_INSTRUCTION_DAYS`` working days."""
    permissions.require(actor, "instruct")
    name = clean_text(leader, field="leader", label=_("批示领导"), max_length=60)
    text = clean_text(content, field="content", label=_("批示内容"), max_length=20000)
    named = _named_unit(unit)
    now = now or timezone.now()
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "instruct", ticket)
        owner = named or _default_owner(ticket)
        if owner is None:
            raise ValidationFailed(
                "owner_required",
                _("该工单尚未派单，请指定批示件的跟踪办理单位。"),
                field="unit",
            )
        deadline = task_deadline(now, settings.JIESU_INSTRUCTION_DAYS)
        instruction = Instruction.objects.create(
            ticket=ticket,
            leader=name,
            content=text,
            unit=owner,
            deadline=deadline,
            by_id=actor.user_id,
            at=now,
        )
        events.instruction(
            ticket,
            actor=actor,
            at=now,
            instruction=instruction.pk,
            leader=name,
            content=text,
            unit=owner.code,
            deadline=deadline,
        )
    return instruction


def transfer_clue(
    number: str, *, unit: str, content: str, actor: Actor, now: datetime | None = None
) -> ClueTransfer:
    """A clue of 不担当不作为 by ``unit`` goes to discipline inspection (R19)."""
    permissions.require(actor, "transfer_clue")
    concerned = Unit.objects.filter(code=(unit or "").strip()).first()
    if concerned is None:
        raise ValidationFailed(
            "unknown_unit", _("未知的单位编码：%(unit)s。") % {"unit": unit}, field="unit"
        )
    text = clean_text(content, field="content", label=_("问题线索"), max_length=20000)
    now = now or timezone.now()
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "transfer_clue", ticket)
        clue = ClueTransfer.objects.create(
            ticket=ticket, unit=concerned, content=text, by_id=actor.user_id, at=now
        )
        # The content stays on the record, read by the supervision desk only; the event
        # itself is hidden from handling units (``tickets.queries.visible_events``).
        events.clue_transferred(ticket, actor=actor, at=now, clue=clue.pk)
    return clue


# --- feedback on a task (反馈) -----------------------------------------------------------------

FEEDBACK_LABELS = {
    Escalation: gettext_lazy("提级协调"),
    Supervision: gettext_lazy("督办"),
    Instruction: gettext_lazy("批示件"),
}
NOT_FOUND = {
    Escalation: ("escalation_not_found", gettext_lazy("提级协调")),
    Supervision: ("supervision_not_found", gettext_lazy("督办")),
    Instruction: ("instruction_not_found", gettext_lazy("批示件")),
}


def task_not_found(model: type[AnyTask], task_id: int) -> NotFound:
    """Not there and not yours answer alike."""
    code, label = NOT_FOUND[model]
    return NotFound(
        code, _("%(label)s%(task_id)s不存在或无权查看。") % {"label": label, "task_id": task_id}
    )


def give_feedback(
    model: type[AnyTask], task_id: int, *, feedback: str, actor: Actor, now: datetime | None = None
) -> AnyTask:
    """The owner's feedback on an escalation, a supervision or an instruction, as their own act:
    once, an event on the ticket, ``on_time`` against the deadline. The caller has fetched the
    task through ``queries.get_task_for_user`` (not yours and not there answer alike)."""
    label = FEEDBACK_LABELS[model]
    text = clean_text(feedback, field="feedback", label=_("反馈意见"), max_length=20000)
    now = now or timezone.now()
    with transaction.atomic():
        number = model.objects.filter(pk=task_id).values_list("ticket__number", flat=True).first()
        if number is None:
            raise task_not_found(model, task_id)
        ticket = locked_ticket(number)
        task = model.objects.select_for_update(of=("self",)).select_related("unit").get(pk=task_id)
        if not may_give_feedback(actor, task):
            raise Forbidden(
                "forbidden",
                _("只有%(owner_label)s可以反馈该%(label)s。")
                % {"owner_label": owner_label(task), "label": label},
            )
        if isinstance(task, Supervision) and task.closed_at is not None:
            raise Conflict("supervision_closed", _("该督办已办结。"), state="closed")
        if task.feedback_at is not None:
            raise Conflict("feedback_given", _("该%(label)s已反馈。") % {"label": label})
        task.feedback, task.feedback_at, task.feedback_by_id = text, now, actor.user_id
        task.save(update_fields=["feedback", "feedback_at", "feedback_by"])
        task.ticket = ticket
        on_time = task.deadline is None or now <= task.deadline
        if isinstance(task, Escalation):
            events.escalation_feedback(
                ticket,
                actor=actor,
                at=now,
                escalation=task.pk,
                level=str(task.level),
                feedback=text,
                on_time=on_time,
            )
        elif isinstance(task, Supervision):
            events.supervision_feedback(
                ticket, actor=actor, at=now, supervision=task.pk, feedback=text, on_time=on_time
            )
        else:
            events.instruction_feedback(
                ticket, actor=actor, at=now, instruction=task.pk, feedback=text, on_time=on_time
            )
    return task


def owner_label(task: AnyTask) -> str:
    if isinstance(task, Escalation) and task.level == EscalationLevel.CITY_GOVERNMENT:
        return _("市政府（督查室代为跟踪）")
    unit = task.unit.name if task.unit is not None else _("责任单位")
    if isinstance(task, Escalation):
        return _("%(unit)s领导") % {"unit": unit}
    return unit
