from __future__ import annotations

from datetime import datetime

from ninja import Schema

from jiesu.handling.schemas import ExtensionOut
from jiesu.tickets.schemas import AssignmentOut, ReplyOut


class RowOut(Schema):
    """One line of a work queue, in words (labels, not codes)."""

    number: str
    subject: str
    category: str
    region: str
    unit: str
    state: str
    deadline: datetime | None
    deadline_kind: str
    key: bool
    supervised: bool
    urgent: bool
    item: int | None


class QueueAssignmentOut(AssignmentOut):
    row: RowOut


class AssignmentQueuePage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[QueueAssignmentOut]


class ExtensionPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[ExtensionOut]


class QueueReplyOut(ReplyOut):
    row: RowOut


class ReplyQueuePage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[QueueReplyOut]


class RowPage(Schema):
    queue: str
    label: str
    page: int
    page_size: int
    has_next: bool
    items: list[RowOut]
