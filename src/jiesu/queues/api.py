"""The work queues over the API (issue 7): the same queries as the desk's home, scoped to the
caller, paged without counts; the counters for polling."""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Schema

from jiesu.core.errors import ValidationFailed
from jiesu.handling import queries as handling
from jiesu.handling.serializers import extension_dict
from jiesu.queues import queries
from jiesu.queues.schemas import AssignmentQueuePage, ExtensionPage, ReplyQueuePage, RowPage
from jiesu.tickets import queues
from jiesu.tickets.serializers import assignment_dict, local, reply_dict

router = Router(tags=["queues"])


def _row(row: queries.Row) -> dict:
    return asdict(row) | {"deadline": local(row.deadline)}


def _page(page: int) -> tuple[int, int]:
    return max(page, 1), settings.JIESU_API_PAGE_SIZE


class AssignmentFilter(Schema):
    status: str | None = None
    unit: str | None = None
    due: str | None = None
    page: int = 1


@router.get(
    "/assignments",
    response=AssignmentQueuePage,
    summary=gettext_lazy("交办单工作队列（按最近时限排序）"),
)
def list_assignments(request, filters: Query[AssignmentFilter]):
    """The assignments the caller works through: a unit its own, a county platform those it
    holds and those it handed out, the city platform and supervisors all. Open work by the
    deadline it runs against (signing while it waits to be signed, else answering); finished work
    (``answered``, ``returned`` …) latest first. ``due``: ``sign_overdue``, ``answer_overdue``,
    ``due_soon`` (within the warning lead time)."""
    page, size = _page(filters.page)
    now = timezone.now()
    rows, has_next = queues.assignment_page(
        request.actor,
        now,
        status=filters.status,
        unit=filters.unit,
        due=filters.due,
        page=page,
        page_size=size,
    )
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [
            assignment_dict(a, now) | {"row": _row(row)}
            for a, row in zip(rows, queries.assignment_rows(rows), strict=True)
        ],
    }


class ExtensionFilter(Schema):
    status: str | None = None
    page: int = 1


@router.get("/extensions", response=ExtensionPage, summary=gettext_lazy("延期申请列表（如待审核）"))
def list_extensions(request, filters: Query[ExtensionFilter]):
    """Extension requests of the units the caller reads (as for returns), oldest first."""
    page, size = _page(filters.page)
    rows, has_next = handling.extension_page(
        request.actor, status=filters.status, page=page, page_size=size
    )
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [extension_dict(r) for r in rows],
    }


class ReplyFilter(Schema):
    awaiting: str = "me"
    page: int = 1


@router.get("/replies", response=ReplyQueuePage, summary=gettext_lazy("待我审核的答复（R16）"))
def list_replies(request, filters: Query[ReplyFilter]):
    """Replies in review at a level the caller reviews, not their own, oldest first."""
    if filters.awaiting != "me":
        raise ValidationFailed(
            "invalid_awaiting", _("awaiting 目前只支持 me（待我审核）。"), field="awaiting"
        )
    page, size = _page(filters.page)
    rows, has_next = queues.reply_page(request.actor, page=page, page_size=size)
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [
            reply_dict(r) | {"row": _row(row)}
            for r, row in zip(rows, queries.reply_rows(rows), strict=True)
        ],
    }


@router.get(
    "/me/queues", response=dict[str, int], summary=gettext_lazy("我的工作队列计数（可轮询）")
)
def my_queue_counts(request):
    """``{queue: count}`` for the caller's queues, in the order of the desk's tabs. Each count
    stops at ``JIESU_QUEUE_COUNT_CAP`` (100 by default): the cap means "that many or more"."""
    return queries.counts(request.actor, timezone.now())


class PageFilter(Schema):
    page: int = 1


@router.get("/me/queues/{name}", response=RowPage, summary=gettext_lazy("我的一个工作队列（一页）"))
def my_queue(request, name: str, filters: Query[PageFilter]):
    queue = queries.get_queue_for_user(request.actor, name)
    page, size = _page(filters.page)
    rows, has_next = queries.queue_page(
        request.actor, queue, timezone.now(), page=page, page_size=size
    )
    return {
        "queue": queue.name,
        "label": str(queue.label),
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [_row(r) for r in rows],
    }
