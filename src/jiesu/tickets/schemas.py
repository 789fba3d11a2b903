from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from jiesu.core.schemas import Input
from jiesu.tickets.actions.intake import IntakeData


class CallerIn(Input):
    name: str = Field("", max_length=60)
    phone: str = Field("", max_length=30)
    id_number: str = Field("", max_length=18)


class TicketIn(Input):
    channel: str
    caller: CallerIn = CallerIn()
    anonymous: bool = False
    confidential: bool = False
    subject: str
    content: str
    appeal_type: str
    urgent: bool = False
    enterprise: bool = False
    region: str | None = None
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    category: str | None = None
    accepted_unit: str | None = Field(None, max_length=60)
    accepted_primary: str | None = Field(None, max_length=40)

    def intake_data(self) -> IntakeData:
        """What the intake action takes (``POST /tickets`` and the inbound channels alike)."""
        return IntakeData(
            channel=self.channel,
            subject=self.subject,
            content=self.content,
            appeal_type=self.appeal_type,
            caller_name=self.caller.name,
            caller_phone=self.caller.phone,
            caller_id_number=self.caller.id_number,
            anonymous=self.anonymous,
            confidential=self.confidential,
            urgent=self.urgent,
            enterprise=self.enterprise,
            region=self.region,
            address=self.address,
            lat=self.lat,
            lon=self.lon,
            category=self.category,
            accepted_unit=self.accepted_unit,
            accepted_primary=self.accepted_primary,
        )


class CallerOut(Schema):
    name: str
    phone: str
    hidden: bool


class AssignmentOut(Schema):
    id: int
    unit: str
    unit_name: str
    role: str
    status: str
    status_label: str
    parent: int | None
    dispatched_at: datetime
    sign_deadline: datetime
    answer_deadline: datetime
    signed_at: datetime | None
    answered_at: datetime | None
    extension_days: int
    sign_overdue: bool
    answer_overdue: bool
    overdue_working_days: float


class TicketSummaryOut(Schema):
    number: str
    status: str
    status_label: str
    channel: str
    caller: CallerOut
    anonymous: bool
    confidential: bool
    subject: str
    appeal_type: str
    urgent: bool
    enterprise: bool
    region: str
    address: str
    lat: float | None
    lon: float | None
    category: str | None
    dispatch_class: str
    track: str
    proposed_class: str
    key_request: bool
    awaiting_callback: bool
    supervised: bool
    primary: str | None
    created_at: datetime
    closed_at: datetime | None


class MergedIntoOut(Schema):
    number: str
    status: str
    status_label: str
    answer: str
    closed_at: datetime | None


class TicketOut(TicketSummaryOut):
    content: str
    answer: str
    query_code: str | None
    assignments: list[AssignmentOut]
    merged_into: MergedIntoOut | None = None
    accepted_unit: str | None = None
    accepted_primary: str | None = None


class TicketPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[TicketSummaryOut]


class EventOut(Schema):
    id: int
    kind: str
    label: str
    at: datetime
    actor: str
    role: str
    unit: str | None
    assignment: int | None
    data: dict[str, Any]


class AnswerIn(Input):
    answer: str


class DispatchIn(Input):
    main_unit: str | None = None
    assist_units: list[str] | None = None


class ReplyIn(Input):
    content: str


class ReplyOut(Schema):
    id: int
    assignment: int
    content: str
    status: str
    levels: list[str]
    current_level: str | None
    created_at: datetime
    decided_at: datetime | None


class ReviewIn(Input):
    approve: bool
    comment: str = ""


class CallbackIn(Input):
    result: str
    comment: str = ""
    escalate: bool = False  # unsatisfied: re-handle and escalate in one go (R17, R18)


class CallbackOut(Schema):
    id: int
    ticket: str
    result: str
    status: str
    at: datetime


class CloseIn(Input):
    reason: str = ""
