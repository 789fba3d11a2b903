"""Plain dicts for the API; times in Asia/Shanghai."""

from __future__ import annotations

from jiesu.handling.choices import ReturnStatus
from jiesu.handling.models import ExtensionRequest, ReturnRequest
from jiesu.tickets.serializers import local


def _name(user) -> str | None:
    return user.get_username() if user is not None else None


def extension_dict(request: ExtensionRequest) -> dict:
    assignment = request.assignment
    return {
        "id": request.pk,
        "assignment": request.assignment_id,
        "working_days": request.working_days,
        "reason": request.reason,
        "status": request.status,
        "status_label": request.get_status_display(),
        "requested_by": _name(request.requested_by),
        "requested_at": local(request.requested_at),
        "decided_by": _name(request.decided_by),
        "decided_at": local(request.decided_at),
        "decision_reason": request.decision_reason,
        "extension_days": assignment.extension_days,
        "answer_deadline": local(assignment.answer_deadline),
    }


def return_dict(request: ReturnRequest) -> dict:
    statement = None
    if request.statement:
        statement = {
            "name": request.statement_name,
            "sha256": request.statement_sha256,
            "uploaded_at": local(request.statement_uploaded_at),
        }
    dispute = None
    if request.dispute_opened_at is not None:
        dispute = {
            "reason": request.dispute_reason,
            "opened_by": _name(request.dispute_opened_by),
            "opened_at": local(request.dispute_opened_at),
        }
    leader_review = None
    if request.leader_reviewed_at is not None:
        leader_review = {
            # refused is final; an approved request moves on (pending, disputed, decided…)
            "approve": request.status != ReturnStatus.LEADER_REFUSED,
            "by": _name(request.leader_reviewed_by),
            "at": local(request.leader_reviewed_at),
            "comment": request.leader_comment,
        }
    return {
        "id": request.pk,
        "assignment": request.assignment_id,
        "unit": request.unit.code,
        "findings": request.findings,
        "policy_basis": request.policy_basis,
        "suggested_unit": request.suggested_unit.code,
        "leader_approved_by": (
            leader_review["by"] if leader_review and leader_review["approve"] else None
        ),
        "leader_review": leader_review,
        "status": request.status,
        "status_label": request.get_status_display(),
        "requested_by": _name(request.requested_by),
        "requested_at": local(request.requested_at),
        "statement": statement,
        "dispute": dispute,
        "decided_by": _name(request.decided_by),
        "decided_at": local(request.decided_at),
        "decision_reason": request.decision_reason,
        "owner_unit": request.owner_unit.code if request.owner_unit_id else None,
        "new_assignment": request.new_assignment_id,
    }
