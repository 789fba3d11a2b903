from __future__ import annotations

from ninja import Field, Schema

from jiesu.core.schemas import Input
from jiesu.tickets.schemas import TicketOut


class SuggestIn(Input):
    subject: str = Field("", max_length=200)
    content: str = Field("", max_length=20000)
    phone: str = Field("", max_length=30)
    region: str | None = None
    address: str = Field("", max_length=200)


class CategorySuggestion(Schema):
    code: str
    name: str
    confidence: float
    in_catalogue: bool


class UnitSuggestion(Schema):
    code: str
    name: str
    confidence: float
    source: str  # catalogue, catalogue_assist, catalogue_children, history


class MatterTicket(Schema):
    number: str
    subject: str
    similarity: float
    reason: str
    status: str
    open: bool
    created_at: str


class Proposal(Schema):
    dispatch_class: str
    merge_into: str | None
    reason: str


class SuggestionsOut(Schema):
    categories: list[CategorySuggestion]
    units: list[UnitSuggestion]
    duplicates: list[MatterTicket]
    repeat_caller: list[MatterTicket]
    proposal: Proposal | None
    notice: str  # why there are no category/unit suggestions ('' when there are)


class TicketWithSuggestionsOut(TicketOut):
    suggestions: SuggestionsOut | None = None


class MatterTicketOut(Schema):
    number: str
    source_id: str
    subject: str
    created_at: str


class MatterOut(Schema):
    label: str
    category: str
    region: str
    count: int
    callers: int
    likes: int
    first_half: int
    second_half: int
    heat: float
    rising: bool
    tickets: list[MatterTicketOut]


class HotspotsOut(Schema):
    start: str = Field(..., alias="from")
    end: str = Field(..., alias="to")
    tickets: int
    truncated: bool
    matters: list[MatterOut]
