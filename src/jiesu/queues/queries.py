"""Each role's work queues (issue 7): which queues a person has, how many rows wait in each
(counted no further than a cap), and one page of a queue as rows a desk or an integrator can show.

The queues are read through the apps that own the rows — assignments and replies
(``tickets.queues``), requests (``handling.queries``), tasks (``supervision.queries``) — each
scoped by ``organisation.permissions``; this module only names them per role and shapes the rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiesu.core.errors import NotFound
from jiesu.core.paging import page_window, split_page
from jiesu.handling import queries as handling
from jiesu.handling.choices import ExtensionStatus, ReturnStatus
from jiesu.handling.models import ExtensionRequest
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import Role
from jiesu.supervision import queries as supervision
from jiesu.supervision.models import Escalation, Instruction, Supervision
from jiesu.tickets import queues as assignments
from jiesu.tickets.choices import (
    OPEN_ASSIGNMENT_STATUSES,
    AssignmentRole,
    AssignmentStatus,
    DispatchClass,
    TicketStatus,
)
from jiesu.tickets.models import Assignment, Reply, Ticket
from jiesu.tickets.queries import visible_parts

FINISHED_TICKETS = (TicketStatus.CLOSED, TicketStatus.MERGED, TicketStatus.DIVERTED)
TICKET_RELATED = ("region", "category")
VIA_ASSIGNMENT = (
    "assignment__ticket__region",
    "assignment__ticket__category",
    "assignment__unit",
)
VIA_TICKET = ("ticket__region", "ticket__category")


@dataclass(frozen=True)
class Row:
    """One line of a queue, in words: what the desk shows and the API returns."""

    number: str
    subject: str
    category: str
    region: str
    unit: str
    state: str
    deadline: datetime | None
    deadline_kind: str  # 签收 / 答复 / 反馈 / 督办 — what the deadline is for
    key: bool
    supervised: bool
    urgent: bool
    item: int | None = None  # the assignment, reply, request or task the row is about


def _ticket_fields(t: Ticket) -> dict:
    return {
        "number": t.number,
        "subject": t.subject,
        "category": t.category.name if t.category_id else "",
        "region": t.region.name,
        "key": t.key_request or t.dispatch_class == DispatchClass.C,
        "supervised": t.supervised,
        "urgent": t.urgent,
    }


# --- rows of each kind ------------------------------------------------------------------------


def assignment_rows(rows: list[Assignment]) -> list[Row]:
    """The unit's state in words; a pending extension shows as 延期审核中 (one query per page)."""
    extending = set(
        ExtensionRequest.objects.filter(
            assignment_id__in=[a.pk for a in rows], status=ExtensionStatus.PENDING
        ).values_list("assignment_id", flat=True)
    )
    return [
        Row(
            **_ticket_fields(a.ticket),
            unit=a.unit.name,
            state=str(_("延期审核中")) if a.pk in extending else a.get_status_display(),
            deadline=assignments.relevant_deadline(a),
            deadline_kind=str(
                _("签收") if a.status == AssignmentStatus.PENDING_SIGN else _("答复")
            ),
            item=a.pk,
        )
        for a in rows
    ]


def reply_rows(rows: list[Reply]) -> list[Row]:
    return [
        Row(
            **_ticket_fields(r.assignment.ticket),
            unit=r.assignment.unit.name,
            state=r.current_level_label,
            deadline=r.assignment.answer_deadline,
            deadline_kind=str(_("答复")),
            item=r.pk,
        )
        for r in rows
    ]


def request_rows(rows: list) -> list[Row]:
    """Extension and return requests: the state is the request's, the deadline the work's."""
    return [
        Row(
            **_ticket_fields(r.assignment.ticket),
            unit=r.assignment.unit.name,
            state=(
                str(_("延期审核中（%(days)s个工作日）")) % {"days": r.working_days}
                if isinstance(r, ExtensionRequest)
                else r.get_status_display()
            ),
            deadline=r.assignment.answer_deadline,
            deadline_kind=str(_("答复")),
            item=r.pk,
        )
        for r in rows
    ]


def ticket_rows(rows: list[Ticket]) -> list[Row]:
    """A ticket's unit and deadline are its main unit's open assignment's (one query per page);
    a ticket with none (not dispatched, replied, closed) shows its own state and no deadline."""
    open_main: dict[int, Assignment] = {}
    for a in (
        Assignment.objects.filter(
            ticket_id__in=[t.pk for t in rows],
            role=AssignmentRole.MAIN,
            status__in=OPEN_ASSIGNMENT_STATUSES,
        )
        .select_related("unit")
        .order_by("id")
    ):
        open_main[a.ticket_id] = a  # the latest hop
    rows_out = []
    for t in rows:
        a = open_main.get(t.pk)
        rows_out.append(
            Row(
                **_ticket_fields(t),
                unit=a.unit.name if a else "",
                state=t.get_status_display(),
                deadline=assignments.relevant_deadline(a) if a else None,
                deadline_kind=_deadline_kind(a) if a else "",
            )
        )
    return rows_out


def _deadline_kind(a: Assignment) -> str:
    return str(_("签收") if a.status == AssignmentStatus.PENDING_SIGN else _("答复"))


def task_rows(rows: list) -> list[Row]:
    """Escalations, supervisions, instructions: the owner's feedback deadline."""

    def state(task) -> str:
        if isinstance(task, Escalation):
            return task.get_level_display()
        if isinstance(task, Supervision):
            return str(_("督办"))
        return str(_("批示件（%(leader)s）")) % {"leader": task.leader}

    return [
        Row(
            **_ticket_fields(task.ticket),
            unit=task.unit.name if task.unit_id else str(_("市政府")),
            state=state(task),
            deadline=task.deadline,
            deadline_kind=str(_("反馈")),
            item=task.pk,
        )
        for task in rows
    ]


# --- the queues -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    """A named queue: ``sources`` gives the querysets whose rows it holds (ordered, already
    scoped to the person), ``rows`` turns a page of them into ``Row``s."""

    name: str
    label: str
    sources: Callable[[Actor, datetime], list[QuerySet]]
    rows: Callable[[list], list[Row]]


def _assignment_queue(name: str, label: str, **filters) -> Queue:
    def sources(actor: Actor, now: datetime) -> list[QuerySet]:
        return [
            assignments.ordered(qs.select_related(*assignments.ROW_RELATED), stream)
            for stream, qs in assignments.assignment_queries(actor, now, **filters)
        ]

    return Queue(name, label, sources, assignment_rows)


def _overdue_queue() -> Queue:
    def sources(actor: Actor, now: datetime) -> list[QuerySet]:
        return [
            assignments.ordered(qs.select_related(*assignments.ROW_RELATED), stream)
            for due in ("sign_overdue", "answer_overdue")
            for stream, qs in assignments.assignment_queries(actor, now, due=due)
        ]

    return Queue("overdue", _("超期"), sources, assignment_rows)


def _redispatch_queue() -> Queue:
    """A county platform's own hops, to re-dispatch (转派, R3)."""

    def sources(actor: Actor, now: datetime) -> list[QuerySet]:
        return [
            assignments.ordered(qs.select_related(*assignments.ROW_RELATED), stream)
            for status in (AssignmentStatus.PENDING_SIGN, AssignmentStatus.HANDLING)
            for stream, qs in assignments.assignment_queries(
                actor, now, status=status, unit_id=actor.unit_id
            )
        ]

    return Queue("to_redispatch", _("待转派"), sources, assignment_rows)


def _tickets(actor: Actor, newest_first: bool = True, **filters) -> list[QuerySet]:
    order = ("-created_at", "-id") if newest_first else ("created_at", "id")
    return [
        part.filter(**filters).select_related(*TICKET_RELATED).order_by(*order)
        for part in visible_parts(actor)
    ]


def _open_tickets(actor: Actor, **filters) -> list[QuerySet]:
    return [qs.exclude(status__in=FINISHED_TICKETS) for qs in _tickets(actor, **filters)]


QUEUES: dict[str, Queue] = {
    q.name: q
    for q in [
        Queue(
            "to_dispatch",
            _("待派单"),
            lambda a, now: _tickets(a, newest_first=False, status=TicketStatus.ACCEPTED),
            ticket_rows,
        ),
        _redispatch_queue(),
        _assignment_queue("pending_sign", _("待签收"), status=AssignmentStatus.PENDING_SIGN),
        _assignment_queue("handling", _("办理中"), status=AssignmentStatus.HANDLING),
        _assignment_queue("reply_review", _("审核中"), status=AssignmentStatus.REPLY_REVIEW),
        _assignment_queue("return_review", _("退单审核中"), status=AssignmentStatus.RETURN_REVIEW),
        _assignment_queue("due_soon", _("即将到期"), due="due_soon"),
        _overdue_queue(),
        Queue(
            "replies_to_review",
            _("待审核答复"),
            lambda a, now: assignments.replies_awaiting(a),
            reply_rows,
        ),
        Queue(
            "extensions_to_decide",
            _("延期申请"),
            lambda a, now: [
                handling.extensions_to_decide(a).select_related(*VIA_ASSIGNMENT, "assignment")
            ],
            request_rows,
        ),
        Queue(
            "returns_to_decide",
            _("退单申请"),
            lambda a, now: [handling.returns_to_decide(a).select_related(*VIA_ASSIGNMENT)],
            request_rows,
        ),
        Queue(
            "disputes_to_decide",
            _("派单争议"),
            lambda a, now: [
                handling.returns_to_decide(a, ReturnStatus.DISPUTED).select_related(*VIA_ASSIGNMENT)
            ],
            request_rows,
        ),
        Queue(
            "returns_to_lead",
            _("待我审核的退单"),
            lambda a, now: [handling.returns_to_lead(a).select_related(*VIA_ASSIGNMENT)],
            request_rows,
        ),
        Queue(
            "callbacks_due",
            _("待回访"),
            lambda a, now: _tickets(a, awaiting_callback=True),
            ticket_rows,
        ),
        Queue(
            "overdue_tickets",
            _("超期工单"),
            lambda a, now: _tickets(a, overdue=True),
            ticket_rows,
        ),
        Queue(
            "key_tickets",
            _("重点诉求（C类）"),
            lambda a, now: _open_tickets(a, dispatch_class=DispatchClass.C),
            ticket_rows,
        ),
        Queue(
            "supervised_tickets",
            _("督办件"),
            lambda a, now: _open_tickets(a, supervised=True),
            ticket_rows,
        ),
        Queue(
            "escalations_open",
            _("提级协调"),
            lambda a, now: [_open_tasks(Escalation.objects.filter(feedback_at__isnull=True))],
            task_rows,
        ),
        Queue(
            "supervisions_open",
            _("督办中"),
            lambda a, now: [
                _open_tasks(supervision.visible_supervisions(a).filter(closed_at__isnull=True))
            ],
            task_rows,
        ),
        Queue(
            "instructions_open",
            _("批示件"),
            lambda a, now: [_open_tasks(Instruction.objects.filter(feedback_at__isnull=True))],
            task_rows,
        ),
        Queue(
            "escalations_mine",
            _("交我协调"),
            lambda a, now: [_open_tasks(supervision.my_tasks(a, Escalation))],
            task_rows,
        ),
        Queue(
            "supervisions_mine",
            _("督办我单位"),
            lambda a, now: [_open_tasks(supervision.my_tasks(a, Supervision))],
            task_rows,
        ),
        Queue(
            "instructions_mine",
            _("批示交办"),
            lambda a, now: [_open_tasks(supervision.my_tasks(a, Instruction))],
            task_rows,
        ),
    ]
}


def _open_tasks(qs: QuerySet) -> QuerySet:
    return qs.select_related(*VIA_TICKET, "unit").order_by("deadline", "id")


UNIT_WORK = ["pending_sign", "handling", "reply_review", "return_review", "due_soon", "overdue"]
PLATFORM_WORK = [
    "replies_to_review",
    "extensions_to_decide",
    "returns_to_decide",
    "disputes_to_decide",
    "callbacks_due",
    "overdue",
]
SUPERVISOR_WORK = [
    "overdue_tickets",
    "key_tickets",
    "supervised_tickets",
    "escalations_open",
    "supervisions_open",
    "escalations_mine",
    "instructions_open",
]


def queues_for(actor: Actor) -> list[Queue]:
    """The person's queues, in the order of their tabs."""
    if actor.is_admin:
        names = ["to_dispatch", *PLATFORM_WORK, *SUPERVISOR_WORK[1:]]
    elif actor.role == Role.SUPERVISOR:
        names = SUPERVISOR_WORK
    elif actor.role == Role.OPERATOR and actor.on_platform:
        names = ["to_dispatch", "callbacks_due", "overdue"]
    elif actor.role == Role.PLATFORM_DISPATCHER and actor.on_platform:
        county = not actor.on_city_platform
        names = ["to_dispatch", *(["to_redispatch"] if county else []), *PLATFORM_WORK]
        if permissions.leads_unit(actor, actor.unit_id):
            names.append("escalations_mine")
    elif actor.role == Role.UNIT_LEADER:
        names = [
            "replies_to_review",
            "returns_to_lead",
            "escalations_mine",
            "supervisions_mine",
            "instructions_mine",
            *UNIT_WORK,
        ]
    elif actor.role == Role.UNIT_REVIEWER:
        names = ["replies_to_review", *UNIT_WORK, "supervisions_mine"]
    elif actor.role == Role.UNIT_HANDLER:
        names = [*UNIT_WORK, "supervisions_mine"]
    else:
        names = []
    return [QUEUES[n] for n in names]


def get_queue_for_user(actor: Actor, name: str) -> Queue:
    for queue in queues_for(actor):
        if queue.name == name:
            return queue
    raise NotFound("queue_not_found", gettext("没有名为%(name)s的工作队列。") % {"name": name})


def count_cap() -> int:
    return settings.JIESU_QUEUE_COUNT_CAP


def counts(actor: Actor, now: datetime) -> dict[str, int]:
    """``{queue: rows waiting}`` for the person's queues, in the order of their tabs, each
    counted no further than the cap: one statement for them all (decision 0031)."""
    mine = queues_for(actor)
    numbers = assignments.capped_counts([q.sources(actor, now) for q in mine], count_cap())
    return {q.name: n for q, n in zip(mine, numbers, strict=True)}


def queue_page(
    actor: Actor, queue: Queue, now: datetime, *, page: int = 1, page_size: int = 30
) -> tuple[list[Row], bool]:
    """One page of a queue, in its order: several sources are merged on their order keys and
    only the page's rows are loaded (decision 0032)."""
    offset, stop = page_window(page, page_size)
    rows = assignments.merged_page(queue.sources(actor, now), offset, stop)
    page_rows, has_next = split_page(rows, page_size)
    return queue.rows(page_rows), has_next
