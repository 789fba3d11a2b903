from __future__ import annotations

from datetime import datetime

from ninja import Schema

from jiesu.core.schemas import Input


class RedispatchIn(Input):
    main_unit: str = ""
    assist_units: list[str] = []


class ExtensionIn(Input):
    working_days: int
    reason: str = ""


class ExtensionDecisionIn(Input):
    approve: bool
    reason: str = ""


class ExtensionOut(Schema):
    id: int
    assignment: int
    working_days: int
    reason: str
    status: str
    status_label: str
    requested_by: str | None
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str
    extension_days: int
    answer_deadline: datetime


class ReturnIn(Input):
    findings: str = ""
    policy_basis: str = ""
    suggested_unit: str = ""


class LeaderReviewIn(Input):
    approve: bool
    comment: str = ""


class ReturnDecisionIn(Input):
    accept: bool
    reason: str = ""
    new_main_unit: str | None = None
    back_to_platform: bool = False


class DisputeIn(Input):
    reason: str = ""


class StatementOut(Schema):
    name: str
    sha256: str
    uploaded_at: datetime


class DisputeOut(Schema):
    reason: str
    opened_by: str | None
    opened_at: datetime


class LeaderReviewOut(Schema):
    approve: bool
    by: str | None
    at: datetime
    comment: str


class ReturnOut(Schema):
    id: int
    assignment: int
    unit: str
    findings: str
    policy_basis: str
    suggested_unit: str
    leader_approved_by: str | None  # set by the leader's own approval (R15), not typed in
    leader_review: LeaderReviewOut | None
    status: str
    status_label: str
    requested_by: str | None
    requested_at: datetime
    statement: StatementOut | None
    dispute: DisputeOut | None
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str
    owner_unit: str | None
    new_assignment: int | None


class ReturnPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[ReturnOut]


class ReturnFilter(Schema):
    status: str | None = None
    page: int = 1


class ReturnStatsRow(Schema):
    unit: str
    unit_name: str
    requested: int
    accepted: int
    refused: int
    pending: int
    withdrawn: int  # closed unanswered because the ticket was merged away (R20)
    disputed: int
    leader_refused: int  # kept by the unit: its own leader refused it (R15)


class ReturnStatsOut(Schema):
    from_date: str
    to_date: str
    units: list[ReturnStatsRow]
