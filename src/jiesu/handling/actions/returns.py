"""Return (退单, R15): first-receiver responsibility (首办负责制) means no return in principle; a
unit that finds the matter truly outside its duty applies with the three elements — findings,
policy basis, suggested unit — and attaches a stamped statement. The unit's leader (分管负责同志)
then reviews it from their own desk: approved, it goes to the platform; refused, the work goes
back to the handler with the leader's comment."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import BinaryIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import ValidationFailed
from jiesu.handling import workflow as requests_workflow
from jiesu.handling.choices import STATEMENT_MAX_BYTES, STATEMENT_TYPES
from jiesu.handling.models import ReturnRequest
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import UnitKind
from jiesu.organisation.models import Unit
from jiesu.tickets import events, workflow
from jiesu.tickets.models import Assignment
from jiesu.tickets.queries import locked_assignment

_ELEMENTS = {
    "findings": ("return_findings_required", gettext_lazy("核实调查情况")),
    "policy_basis": ("return_policy_basis_required", gettext_lazy("政策依据")),
}


def _element(value: str | None, field: str) -> str:
    code, label = _ELEMENTS[field]
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(
            code,
            _("退单须写明「%(label)s」（退单三要素，R15）。") % {"label": label},
            field=field,
            rule="R15",
        )
    if len(text) > 5000:
        raise ValidationFailed(
            "field_too_long", _("%(label)s不能超过5000个字。") % {"label": label}, field=field
        )
    return text


def _suggested(code: str | None, own_unit_id: int) -> Unit:
    code = (code or "").strip()
    if not code:
        raise ValidationFailed(
            "return_suggested_unit_required",
            _("退单须写明建议承办单位（退单三要素，R15）。"),
            field="suggested_unit",
            rule="R15",
        )
    unit = Unit.objects.select_related("region").filter(code=code).first()
    if unit is None:
        raise ValidationFailed(
            "unknown_unit",
            _("未知的单位编码：%(code)s。") % {"code": code},
            field="suggested_unit",
            units=[code],
        )
    if unit.kind == UnitKind.VILLAGE:
        raise ValidationFailed(
            "village_not_handling_unit",
            _("%(name)s是村（社区），不是12345热线承办单位，不得层层下派（R2）。")
            % {"name": unit.name},
            rule="R2",
            unit=unit.code,
        )
    if unit.pk == own_unit_id:
        raise ValidationFailed(
            "return_suggested_unit_invalid", _("建议承办单位不能是本单位。"), field="suggested_unit"
        )
    return unit


def request_return(
    assignment_id: int,
    *,
    findings: str,
    policy_basis: str,
    suggested_unit: str,
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
        fields = workflow.move(assignment, "apply_return")
        assignment.save(update_fields=fields)
        request = ReturnRequest.objects.create(
            assignment=assignment,
            unit_id=assignment.unit_id,
            findings=findings,
            policy_basis=policy_basis,
            suggested_unit=suggested,
            requested_by_id=actor.user_id,
            requested_at=now,
        )
        events.return_requested(
            assignment.ticket,
            assignment,
            actor=actor,
            at=now,
            request=request.pk,
            findings=findings,
            policy_basis=policy_basis,
            suggested_unit=suggested.code,
        )
    return request


def sign_on_refusal(
    assignment: Assignment,
    fields: list[str],
    *,
    actor: Actor,
    now: datetime,
    answered_at: datetime,
    via: str,
) -> None:
    """A refused return gives the work back to the unit (首办负责制): an assignment never signed is
    signed now, its timeliness judged at ``answered_at`` — when the unit's answer to the dispatch
    counts as given — with a ``signed`` event naming ``via``."""
    if assignment.signed_at is not None:
        return
    assignment.signed_at = now
    fields.append("signed_at")
    events.signed(
        assignment.ticket,
        assignment,
        actor=actor,
        at=now,
        on_time=answered_at <= assignment.sign_deadline,
        via=via,
    )


def locked_return(request_id: int) -> tuple[Assignment, ReturnRequest]:
    """A return and its assignment, locked in that order (one writer per assignment at a time)."""
    assignment_id = (
        ReturnRequest.objects.filter(pk=request_id).values_list("assignment_id", flat=True).first()
    )
    if assignment_id is None:
        raise permissions.return_not_found(request_id)
    assignment = locked_assignment(assignment_id)
    request = (
        ReturnRequest.objects.select_for_update()
        .select_related("suggested_unit__region")
        .get(pk=request_id)
    )
    return assignment, request


def leader_review_return(
    request_id: int, *, approve: bool, comment: str = "", actor: Actor, now: datetime | None = None
) -> ReturnRequest:
    """The unit leader's own review (R15). Approved, the request waits for the platform
    (``pending``); refused (a comment is required), the assignment goes back to ``handling`` —
    signed now if it never was, judged against the sign deadline at this moment, since the
    unit's answer to the dispatch is only settled now."""
    now = now or timezone.now()
    text = (comment or "").strip()
    if len(text) > 2000:
        raise ValidationFailed("field_too_long", _("审核意见不能超过2000个字。"), field="comment")
    with transaction.atomic():
        assignment, request = locked_return(request_id)
        permissions.require_unit_leader(actor, request, assignment.ticket)
        fields = requests_workflow.move(request, "leader_approve" if approve else "leader_refuse")
        if approve:
            permissions.require_not_own(request, actor, _("审核同意"), rule="R16")
            write = events.return_leader_approved
        else:
            if not text:
                raise ValidationFailed(
                    "comment_required",
                    _("分管负责同志不同意退单须写明意见，退回承办人继续办理。"),
                    field="comment",
                    rule="R15",
                )
            write = events.return_leader_refused
            a_fields = workflow.move(assignment, "leader_refuse_return")
            sign_on_refusal(
                assignment,
                a_fields,
                actor=actor,
                now=now,
                answered_at=now,
                via="return_leader_refused",
            )
            assignment.save(update_fields=a_fields)
        request.leader_reviewed_by_id, request.leader_reviewed_at, request.leader_comment = (
            actor.user_id,
            now,
            text,
        )
        request.save(
            update_fields=[*fields, "leader_reviewed_by", "leader_reviewed_at", "leader_comment"]
        )
        write(assignment.ticket, assignment, actor=actor, at=now, request=request.pk, comment=text)
    return request


def _read_statement(name: str, stream: BinaryIO, size: int | None) -> tuple[str, bytes]:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in STATEMENT_TYPES:
        raise ValidationFailed(
            "return_statement_invalid_type",
            _("退单情况说明须为 PDF、JPG 或 PNG 文件。"),
            field="file",
        )
    if size is not None and size > STATEMENT_MAX_BYTES:
        raise _too_large()
    content = stream.read(STATEMENT_MAX_BYTES + 1)
    if len(content) > STATEMENT_MAX_BYTES:
        raise _too_large()
    if not content.startswith(STATEMENT_TYPES[suffix]):
        raise ValidationFailed(
            "return_statement_invalid_type",
            _("文件内容与扩展名不符：须为 PDF、JPG 或 PNG 文件。"),
            field="file",
        )
    return suffix, content


def _too_large() -> ValidationFailed:
    return ValidationFailed(
        "return_statement_too_large",
        _("退单情况说明不能超过%(size)s MB。") % {"size": STATEMENT_MAX_BYTES // (1024 * 1024)},
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
        assignment, request = locked_return(request_id)
        permissions.require_on_assignment(
            actor, "attach_statement", assignment, hidden=permissions.return_not_found(request_id)
        )
        requests_workflow.target(request, "attach_statement")
        suffix, content = _read_statement(name, stream, size)
        replaced = request.statement_sha256 or None
        old_file = request.statement.name or None
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
        events.return_statement_attached(
            assignment.ticket,
            assignment,
            actor=actor,
            at=now,
            request=request.pk,
            name=request.statement_name,
            sha256=request.statement_sha256,
            size=len(content),
            replaces=replaced,
        )
        # A re-upload replaces the file: the old one leaves storage once the new one is
        # committed (its hash stays in the events). If this rolls back, the new file is left
        # unnamed and the hourly clean-up removes it (``statements.remove_orphan_statements``).
        if old_file and old_file != request.statement.name:
            storage = request.statement.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return request
