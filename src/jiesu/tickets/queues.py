"""Work queues of assignments and replies: what waits for a person, the nearest deadline first.

A queue is read as a few *streams*, each a plain indexed query in deadline order (one per
assignment status and deadline it runs against, and per part of the person's scope); a page
takes ``stop`` rows of each and merges them. No stream sorts more than its index gives, none
counts, and the depth is bounded like every list (``core.paging``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jiesu.core.errors import Forbidden, ValidationFailed
from jiesu.core.paging import page_window, split_page
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.organisation.models import Unit
from jiesu.tickets.choices import (
    OPEN_ASSIGNMENT_STATUSES,
    AssignmentStatus,
    ReplyStatus,
)
from jiesu.tickets.models import Assignment, Reply

S = AssignmentStatus
DUE_FILTERS = ("sign_overdue", "answer_overdue", "due_soon")
ROW_RELATED = ("ticket__region", "ticket__category", "unit")
REPLY_RELATED = (
    "assignment__ticket__region",
    "assignment__ticket__category",
    "assignment__unit",
    "assignment__parent",
)


@dataclass(frozen=True)
class Stream:
    """Assignments of one status, in the order of one of their deadlines."""

    status: str
    field: str  # "sign_deadline" or "answer_deadline"
    where: Q = field(default_factory=Q)
    newest_first: bool = False


def warning_lead() -> timedelta:
    return timedelta(hours=settings.JIESU_WARNING_LEAD_HOURS)


def relevant_deadline(a: Assignment) -> datetime:
    """The deadline an assignment runs against now: signing while it waits to be signed, else
    the answer."""
    return a.sign_deadline if a.status == S.PENDING_SIGN else a.answer_deadline


def _streams(status: str | None, due: str | None, now: datetime) -> list[Stream]:
    if status and status not in S.values:
        raise ValidationFailed(
            "invalid_status",
            _("未知的交办单状态：%(status)s。") % {"status": status},
            field="status",
        )
    if due and due not in DUE_FILTERS:
        raise ValidationFailed(
            "invalid_due",
            _("未知的时限筛选：%(due)s（可选 %(choices)s）。")
            % {"due": due, "choices": "、".join(DUE_FILTERS)},
            field="due",
        )
    open_ = [s for s in OPEN_ASSIGNMENT_STATUSES if not status or s == status]
    soon = now + warning_lead()
    if due == "sign_overdue":
        statuses = [S.PENDING_SIGN] if not status or status == S.PENDING_SIGN else []
        return [Stream(s, "sign_deadline", Q(sign_deadline__lt=now)) for s in statuses]
    if due == "answer_overdue":
        return [Stream(s, "answer_deadline", Q(answer_deadline__lt=now)) for s in open_]
    if due == "due_soon":
        return [
            Stream(s, on, Q(**{f"{on}__gte": now, f"{on}__lt": soon}))
            for s in open_
            for on in [_deadline_of(s)]
        ]
    if status and status not in OPEN_ASSIGNMENT_STATUSES:
        # finished work: the latest deadlines first
        return [Stream(status, "answer_deadline", newest_first=True)]
    return [Stream(s, _deadline_of(s)) for s in open_]


def _deadline_of(status: str) -> str:
    return "sign_deadline" if status == S.PENDING_SIGN else "answer_deadline"


def _scope_parts(actor: Actor) -> list[Q]:
    """The person's scope (``permissions.assignment_queue_scope``) as parts whose union it is,
    each one an index serves in deadline order."""
    scope = permissions.assignment_queue_scope(actor)
    if scope == "all":
        return [Q()]
    if scope == "platform":
        return [Q(unit_id=actor.unit_id), Q(dispatched_from_id=actor.unit_id)]
    if scope == "unit":
        return [Q(unit_id=actor.unit_id)]
    raise Forbidden("forbidden", _("只有12345平台、承办单位和督导人员有交办单工作队列。"))


def _unit_condition(unit: str | None) -> Q:
    if not unit:
        return Q()
    unit_id = Unit.objects.filter(code=unit).values_list("pk", flat=True).first()
    if unit_id is None:
        raise ValidationFailed(
            "unknown_unit", _("未知的单位编码：%(unit)s。") % {"unit": unit}, field="unit"
        )
    return Q(unit_id=unit_id)


def ordered(qs: QuerySet[Assignment], stream: Stream) -> QuerySet[Assignment]:
    if stream.newest_first:
        return qs.order_by(f"-{stream.field}", "-id")
    return qs.order_by(stream.field, "id")


def assignment_queries(
    actor: Actor,
    now: datetime,
    *,
    status: str | None = None,
    unit: str | None = None,
    unit_id: int | None = None,
    due: str | None = None,
) -> list[tuple[Stream, QuerySet[Assignment]]]:
    """The queue's streams as querysets (for the page and for the counters); ``unit`` a unit's
    code (API filter), ``unit_id`` its id when known."""
    streams = _streams(status, due, now)
    where_unit = Q(unit_id=unit_id) if unit_id is not None else _unit_condition(unit)
    return [
        (stream, Assignment.objects.filter(part, where_unit, stream.where, status=stream.status))
        for part in _scope_parts(actor)
        for stream in streams
    ]


def assignment_page(
    actor: Actor,
    now: datetime,
    *,
    status: str | None = None,
    unit: str | None = None,
    due: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Assignment], bool]:
    """One page of the assignments the person works through, the nearest deadline first: open
    work by the deadline it runs against (signing, else answering), finished work latest first."""
    offset, stop = page_window(page, page_size)
    sources = [
        ordered(qs.select_related(*ROW_RELATED), stream)
        for stream, qs in assignment_queries(actor, now, status=status, unit=unit, due=due)
    ]
    return split_page(merged_page(sources, offset, stop), page_size)


# --- merging streams: keys first, rows of the page only ---------------------------------------


def _order_fields(qs: QuerySet) -> tuple[list[str], bool]:
    """The columns a source is ordered by, and whether it runs newest first."""
    order = list(qs.query.order_by)
    return [f.lstrip("-") for f in order], bool(order) and order[0].startswith("-")


def merged_ids(sources: list[QuerySet], stop: int) -> list[int]:
    """The ids of the first ``stop`` rows of the sources merged in their common order: each
    source gives ``stop`` (order key, id) pairs, no row objects (decision 0032)."""
    keyed: dict[int, tuple] = {}
    newest_first = False
    for qs in sources:
        fields, newest_first = _order_fields(qs)
        for values in qs.values_list(*fields, "pk")[:stop]:
            keyed.setdefault(values[-1], tuple(values[:-1]))
    ids = sorted(keyed, key=lambda pk: keyed[pk], reverse=newest_first)
    return ids[:stop]


def load_in_order(source: QuerySet, ids: list[int]) -> list:
    """The rows of ``ids``, in that order, with the source's related rows: one query."""
    loader = source.model._default_manager.filter(pk__in=ids)
    loader.query.select_related = source.query.select_related
    by_id = {row.pk: row for row in loader}
    return [by_id[pk] for pk in ids if pk in by_id]


def merged_page(sources: list[QuerySet], offset: int, stop: int) -> list:
    """Rows ``offset:stop`` of the sources merged: one ordered query for a single source; for
    several, one key query per source and one query for the page's rows."""
    if len(sources) == 1:
        return list(sources[0][offset:stop])
    if not sources:
        return []
    return load_in_order(sources[0], merged_ids(sources, stop)[offset:stop])


def capped_counts(groups: list[list[QuerySet]], cap: int) -> list[int]:
    """How many rows each group of querysets holds (their union), counted no further than
    ``cap`` (a counter says "cap+" beyond it), all groups in **one** statement: each queryset
    counts inside a ``LIMIT cap``, so the counters cost what their caps cost, however long the
    queues (decision 0031)."""
    arms: list[str] = []
    params: list = []
    db = "default"
    for index, querysets in enumerate(groups):
        parts = []
        for qs in querysets:
            limited = qs.order_by().values("pk")[:cap]
            db = limited.db
            try:
                sql, part_params = limited.query.get_compiler(using=db).as_sql()
            except EmptyResultSet:  # .none() or an empty IN: nothing to count
                continue
            parts.append(f"SELECT * FROM ({sql}) AS p{index}_{len(parts)}")
            params.extend(part_params)
        if parts:
            arms.append(f"SELECT {index}, COUNT(*) FROM ({' UNION '.join(parts)}) AS q{index}")
    counted: dict[int, int] = {}
    if arms:
        with connections[db].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(arms), params)
            counted = dict(cursor.fetchall())
    return [min(counted.get(index, 0), cap) for index in range(len(groups))]


# --- replies awaiting a review ------------------------------------------------------------


def replies_awaiting(actor: Actor) -> list[QuerySet[Reply]]:
    """Replies in review at a level the person reviews (``permissions.review_queue``), not their
    own, oldest first: one query per level, each a range of the ``reply_awaiting`` index (the
    level and the reviewing unit are stored on the reply, decision 0030), merged by the page."""
    if not (actor.is_admin or actor.in_unit_desk or actor.on_platform):
        raise Forbidden("forbidden", _("只有承办单位和12345平台人员审核答复。"))
    parts = []
    for level, unit_id in permissions.review_queue(actor):
        qs = Reply.objects.filter(status=ReplyStatus.IN_REVIEW, awaiting_level=level)
        if unit_id is not None:
            qs = qs.filter(awaiting_unit_id=unit_id)
        if actor.user_id is not None:
            qs = qs.exclude(author_id=actor.user_id)
        parts.append(qs.select_related(*REPLY_RELATED).order_by("created_at", "id"))
    return parts


def reply_page(actor: Actor, *, page: int = 1, page_size: int = 50) -> tuple[list[Reply], bool]:
    offset, stop = page_window(page, page_size)
    return split_page(merged_page(replies_awaiting(actor), offset, stop), page_size)
