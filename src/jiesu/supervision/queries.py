"""Reads for the supervisor desk, scoped like the tickets they belong to."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from jiesu.core.paging import page_window, split_page
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.organisation.permissions import sees_all, supervision_not_found
from jiesu.supervision import actions
from jiesu.supervision.choices import EscalationLevel
from jiesu.supervision.models import Escalation, Supervision, Task
from jiesu.tickets.choices import CallbackResult, TicketStatus
from jiesu.tickets.models import Callback, Ticket
from jiesu.tickets.queries import visible_tickets
from jiesu.workdays.calendar import SHANGHAI, WorkingCalendar
from jiesu.workdays.loader import get_calendar


def visible_supervisions(actor: Actor) -> QuerySet[Supervision]:
    qs = Supervision.objects.all()
    return qs if sees_all(actor) else qs.filter(ticket__in=visible_tickets(actor))


def get_supervision_for_user(actor: Actor, supervision_id: int) -> Supervision:
    supervision = (
        visible_supervisions(actor).select_related("ticket").filter(pk=supervision_id).first()
    )
    if supervision is None:
        raise supervision_not_found(supervision_id)
    return supervision


def supervision_page(
    actor: Actor, *, open_: bool | None, page: int, page_size: int
) -> tuple[list[Supervision], bool]:
    """Open supervisions by deadline (the most urgent first); closed ones newest first. One
    row more than the page tells whether there is a next page (no full count)."""
    qs = visible_supervisions(actor).select_related("ticket", "opened_by", "unit", "feedback_by")
    if open_ is True:
        qs = qs.filter(closed_at__isnull=True).order_by("deadline", "id")
    elif open_ is False:
        qs = qs.filter(closed_at__isnull=False).order_by("-closed_at", "-id")
    else:
        qs = qs.order_by("-opened_at", "-id")
    offset, stop = page_window(page, page_size)
    return split_page(list(qs[offset:stop]), page_size)


def is_overdue(supervision: Supervision, now: datetime) -> bool:
    """Not answered by its deadline: the unit's feedback, or else the desk's close, came after
    it, or neither has come and it has passed."""
    done = supervision.feedback_at or supervision.closed_at
    if done is None:
        return supervision.deadline < now
    return done > supervision.deadline


# --- the owners' queues ("my tasks") --------------------------------------------------------


def _mine(actor: Actor, model: type[Task]) -> Q:
    """The open tasks ``actor`` is to answer (``actions.may_give_feedback`` as a filter)."""
    if actor.is_admin:
        return Q()
    if model is Escalation:
        mine = Q(pk__in=[])
        if actor.unit_id is not None and permissions.leads_unit(actor, actor.unit_id):
            mine |= Q(level=EscalationLevel.UNIT_LEADERSHIP, unit_id=actor.unit_id)
        if permissions.acts_for_city_government(actor):
            mine |= Q(level=EscalationLevel.CITY_GOVERNMENT)
        return mine
    if actor.unit_id is not None and permissions.answers_for_unit(actor, actor.unit_id):
        return Q(unit_id=actor.unit_id)
    return Q(pk__in=[])


def my_tasks(actor: Actor, model: type[Task]) -> QuerySet:
    """The owner's open tasks of one kind, unordered (the work queues count them)."""
    qs = model.objects.filter(_mine(actor, model), feedback_at__isnull=True)
    return qs.filter(closed_at__isnull=True) if model is Supervision else qs


def my_task_page(
    actor: Actor, model: type[Task], *, page: int, page_size: int
) -> tuple[list[Task], bool]:
    """The owner's open tasks of one kind, the nearest deadline first (no full count)."""
    offset, stop = page_window(page, page_size)
    qs = model.objects.filter(_mine(actor, model), feedback_at__isnull=True)
    if model is Supervision:
        qs = qs.filter(closed_at__isnull=True)
    related = ["ticket", "unit", "feedback_by"] + (["opened_by"] if model is Supervision else [])
    qs = qs.select_related(*related).order_by(F("deadline").asc(nulls_last=True), "id")
    return split_page(list(qs[offset:stop]), page_size)


def get_task_for_user(actor: Actor, model: type[Task], task_id: int) -> Task:
    """A task the actor may see: on a ticket they see, or addressed to them. Not yours and not
    there answer alike."""
    qs = model.objects.select_related("ticket", "unit").filter(pk=task_id)
    if not sees_all(actor):
        qs = qs.filter(Q(ticket__in=visible_tickets(actor)) | _mine(actor, model))
    task = qs.first()
    if task is None:
        raise actions.task_not_found(model, task_id)
    return task


def task_overdue(task: Task, now: datetime) -> bool:
    """Past its deadline without feedback, or answered after it."""
    if task.deadline is None:
        return False
    if task.feedback_at is not None:
        return task.feedback_at > task.deadline
    return task.deadline < now


# --- 反复投诉长期未解决的不满意件 (plan item 14) ------------------------------------------------


def working_days_ago(calendar: WorkingCalendar, now: datetime, n: int) -> datetime:
    """The moment ``n`` working days of working time before ``now``: the earliest start from
    which ``calendar.working_days_between(start, now) == n``."""
    local = timezone.localtime(now, SHANGHAI)
    day = local.date()
    # on a day off, the working time up to now ends at 24:00 of the last working day: count whole
    # working days back from there, to 00:00
    start_time = local.timetz() if calendar.is_workday(day) else time(0, tzinfo=SHANGHAI)
    for _ in range(n):
        day -= timedelta(days=1)
        while not calendar.is_workday(day):
            day -= timedelta(days=1)
    return datetime.combine(day, start_time)


FINISHED = (TicketStatus.CLOSED, TicketStatus.MERGED)


def repeat_unsatisfied_page(
    actor: Actor, *, now: datetime, page: int, page_size: int
) -> tuple[list[Ticket], bool]:
    """Open tickets the callers were unsatisfied with, either repeatedly (at least
    ``JIESU_REPEAT_UNSATISFIED_MIN`` unsatisfied callbacks) or for long (at least one, and open
    for more than ``JIESU_LONG_UNRESOLVED_DAYS`` working days since intake). The most complained
    about first, then the oldest. Each row carries ``unsatisfied`` and ``last_unsatisfied_at``."""
    offset, stop = page_window(page, page_size)
    cutoff = working_days_ago(get_calendar(), now, settings.JIESU_LONG_UNRESOLVED_DAYS)
    unsatisfied = Q(callbacks__result=CallbackResult.UNSATISFIED)
    qs = (
        visible_tickets(actor)
        .filter(
            pk__in=Callback.objects.filter(result=CallbackResult.UNSATISFIED).values("ticket_id")
        )
        .exclude(status__in=FINISHED)
        .annotate(
            unsatisfied=Count("callbacks", filter=unsatisfied),
            last_unsatisfied_at=Max("callbacks__at", filter=unsatisfied),
        )
        .filter(
            Q(unsatisfied__gte=settings.JIESU_REPEAT_UNSATISFIED_MIN) | Q(created_at__lt=cutoff)
        )
        .select_related("region", "category")
        .order_by("-unsatisfied", "created_at", "id")
    )
    return split_page(list(qs[offset:stop]), page_size)
