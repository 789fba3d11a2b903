"""Return (退单, R15): first-receiver responsibility (首办负责制) means no return in principle; a
unit that finds the matter truly outside its duty applies with the three elements — findings,
policy basis, suggested unit — approved by its leader, and attaches a stamped statement."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import BinaryIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from jiesu.core.errors import ValidationFailed
from jiesu.handling import workflow as requests_workflow
from jiesu.handling.choices import STATEMENT_MAX_BYTES, STATEMENT_TYPES
from jiesu.handling.models import ReturnRequest
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import Role, UnitKind
from jiesu.organisation.models import Unit
from jiesu.tickets import events, workflow
from jiesu.tickets.choices import EventKind
from jiesu.tickets.queries import locked_assignment

_ELEMENTS = {
    "findings": ("return_findings_required", "核实调查情况"),
    "policy_basis": ("return_policy_basis_required", "政策依据"),
}


def _element(value: str | None, field: str) -> str:
    code, label = _ELEMENTS[field]
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(
            code, f"退单须写明「{label}」（退单三要素，R15）。", field=field, rule="R15"
        )
    if len(text) > 5000:
        raise ValidationFailed("field_too_long", f"{label}不能超过5000个字。", field=field)
    return text


def _suggested(code: str | None, own_unit_id: int) -> Unit:
    code = (code or "").strip()
    if not code:
        raise ValidationFailed(
            "return_suggested_unit_required",
            "退单须写明建议承办单位（退单三要素，R15）。",
            field="suggested_unit",
            rule="R15",
        )
    unit = Unit.objects.select_related("region").filter(code=code).first()
    if unit is None:
        raise ValidationFailed(
            "unknown_unit", f"未知的单位编码：{code}。", field="suggested_unit", units=[code]
        )
    if unit.kind == UnitKind.VILLAGE:
        raise ValidationFailed(
            "village_not_handling_unit",
            f"{unit.name}是村（社区），不是12345热线承办单位，不得层层下派（R2）。",
            rule="R2",
            unit=unit.code,
        )
    if unit.pk == own_unit_id:
        raise ValidationFailed(
            "return_suggested_unit_invalid", "建议承办单位不能是本单位。", field="suggested_unit"
        )
    return unit


def _leader(username: str | None, unit_id: int):
    """The unit's own leader (分管负责同志) must have approved the return."""
    user = (
        get_user_model()
        .objects.filter(
            username=(username or "").strip(),
            is_active=True,
            membership__unit_id=unit_id,
            membership__role=Role.UNIT_LEADER,
        )
        .first()
        if (username or "").strip()
        else None
    )
    if user is None:
        raise ValidationFailed(
            "return_leader_approval_required",
            "退单须经本单位分管负责同志审核：请填写本单位分管负责同志的用户名（R15）。",
            field="leader_approved_by",
            rule="R15",
        )
    return user


def request_return(
    assignment_id: int,
    *,
    findings: str,
    policy_basis: str,
    suggested_unit: str,
    leader_approved_by: str,
    actor: Actor,
    now: datetime | None = None,
) -> ReturnRequest:
    now = now or timezone.now()
    findings = _element(findings, "findings")
    policy_basis = _element(policy_basis, "policy_basis")
    with transaction.atomic():
        assignment = locked_assignment(assignment_id)
        permissions.require_on_assignment(actor, "request_return", assignment)
        suggested = _suggested(suggested_unit, assignment.unit_id)
        leader = _leader(leader_approved_by, assignment.unit_id)
        fields = workflow.move(assignment, "apply_return")
        assignment.save(update_fields=fields)
        request = ReturnRequest.objects.create(
            assignment=assignment,
            unit_id=assignment.unit_id,
            findings=findings,
            policy_basis=policy_basis,
            suggested_unit=suggested,
            leader_approved_by=leader,
            requested_by_id=actor.user_id,
            requested_at=now,
        )
        events.record(
            ticket=assignment.ticket,
            assignment=assignment,
            kind=EventKind.RETURN_REQUESTED,
            actor=actor,
            at=now,
            data={
                "request": request.pk,
                "findings": findings,
                "policy_basis": policy_basis,
                "suggested_unit": suggested.code,
                "leader_approved_by": leader.get_username(),
            },
        )
    return request


def _read_statement(name: str, stream: BinaryIO, size: int | None) -> tuple[str, bytes]:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in STATEMENT_TYPES:
        raise ValidationFailed(
            "return_statement_invalid_type", "退单情况说明须为 PDF、JPG 或 PNG 文件。", field="file"
        )
    if size is not None and size > STATEMENT_MAX_BYTES:
        raise _too_large()
    content = stream.read(STATEMENT_MAX_BYTES + 1)
    if len(content) > STATEMENT_MAX_BYTES:
        raise _too_large()
    if not content.startswith(STATEMENT_TYPES[suffix]):
        raise ValidationFailed(
            "return_statement_invalid_type",
            "文件内容与扩展名不符：须为 PDF、JPG 或 PNG 文件。",
            field="file",
        )
    return suffix, content


def _too_large() -> ValidationFailed:
    return ValidationFailed(
        "return_statement_too_large",
        f"退单情况说明不能超过{STATEMENT_MAX_BYTES // (1024 * 1024)} MB。",
        field="file",
    )


def attach_statement(
    request_id: int,
    *,
    name: str,
    stream: BinaryIO,
    size: int | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> ReturnRequest:
    """Attach (or replace) the stamped statement of an undecided return. The file goes under
    MEDIA_ROOT; its SHA-256 is kept on the request, written into a ``return_statement_attached``
    event (with the hash of the statement it replaces, if any) and into the decision event."""
    now = now or timezone.now()
    with transaction.atomic():
        assignment_id = (
            ReturnRequest.objects.filter(pk=request_id)
            .values_list("assignment_id", flat=True)
            .first()
        )
        if assignment_id is None:
            raise permissions.return_not_found(request_id)
        assignment = locked_assignment(assignment_id)  # one writer per assignment at a time
        request = ReturnRequest.objects.select_for_update().get(pk=request_id)
        permissions.require_on_assignment(
            actor, "attach_statement", assignment, hidden=permissions.return_not_found(request_id)
        )
        requests_workflow.target(request, "attach_statement")
        suffix, content = _read_statement(name, stream, size)
        replaced = request.statement_sha256 or None
        request.statement.save(f"statement{suffix}", ContentFile(content), save=False)
        request.statement_name = name[-200:]
        request.statement_sha256 = hashlib.sha256(content).hexdigest()
        request.statement_uploaded_at = now
        request.save(
            update_fields=[
                "statement",
                "statement_name",
                "statement_sha256",
                "statement_uploaded_at",
            ]
        )
        events.record(
            ticket=assignment.ticket,
            assignment=assignment,
            kind=EventKind.RETURN_STATEMENT_ATTACHED,
            actor=actor,
            at=now,
            data={
                "request": request.pk,
                "name": request.statement_name,
                "sha256": request.statement_sha256,
                "size": len(content),
                "replaces": replaced,
            },
        )
    return request
