"""Requests a handling unit makes about its assignment: an extension (R8b) and a return (R15),
with the platform's decision and, for a return, the dispatch dispute review (派单争议审核)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.handling.choices import ExtensionStatus, ReturnStatus
from jiesu.organisation.models import Unit
from jiesu.tickets.models import Assignment

USER = settings.AUTH_USER_MODEL


class UnitRequest(models.Model):
    """What a unit's request and the platform's decision on it have in common: who asked and
    when, who decided, when and why."""

    requested_by = models.ForeignKey(
        USER, models.PROTECT, null=True, related_name="+", verbose_name=gettext_lazy("申请人")
    )
    requested_at = models.DateTimeField(gettext_lazy("申请时间"))
    decided_by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("审核人"),
    )
    decided_at = models.DateTimeField(gettext_lazy("审核时间"), null=True, blank=True)
    decision_reason = models.TextField(gettext_lazy("审核意见"), blank=True)

    class Meta:
        abstract = True


class ExtensionRequest(UnitRequest):
    assignment = models.ForeignKey(
        Assignment,
        models.PROTECT,
        related_name="extension_requests",
        verbose_name=gettext_lazy("交办单"),
    )
    working_days = models.PositiveSmallIntegerField(gettext_lazy("申请延长（工作日）"))
    reason = models.TextField(gettext_lazy("申请理由"))
    status = models.CharField(
        gettext_lazy("状态"),
        max_length=20,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("延期申请")
        indexes = [
            models.Index(fields=["status", "requested_at", "id"], name="extension_status_requested")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(status="pending"),
                name="one_pending_extension",
            )
        ]

    def __str__(self) -> str:
        return _("延期 %(working_days)s 个工作日 · 交办单%(assignment_id)s") % {
            "working_days": self.working_days,
            "assignment_id": self.assignment_id,
        }


def statement_path(instance: ReturnRequest, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"returns/{instance.requested_at:%Y/%m}/return-{instance.pk}-statement.{suffix}"


class ReturnRequest(UnitRequest):
    """退单: the three elements (R15), the unit leader's review, the stamped statement, and the
    platform's decision — directly, or after a dispatch dispute review."""

    assignment = models.ForeignKey(
        Assignment,
        models.PROTECT,
        related_name="return_requests",
        verbose_name=gettext_lazy("交办单"),
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="return_requests", verbose_name=gettext_lazy("退单单位")
    )
    findings = models.TextField(gettext_lazy("核实调查情况"))
    policy_basis = models.TextField(gettext_lazy("政策依据"))
    suggested_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=gettext_lazy("建议承办单位")
    )
    # The leader's review is the leader's own act (R15): who approved or refused it, when, why.
    leader_reviewed_by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("审核的分管负责同志"),
    )
    leader_reviewed_at = models.DateTimeField(
        gettext_lazy("分管负责同志审核时间"), null=True, blank=True
    )
    leader_comment = models.TextField(gettext_lazy("分管负责同志审核意见"), blank=True)
    status = models.CharField(
        gettext_lazy("状态"),
        max_length=20,
        choices=ReturnStatus.choices,
        default=ReturnStatus.LEADER_REVIEW,
    )
    statement = models.FileField(
        gettext_lazy("加盖公章的退单情况说明"), upload_to=statement_path, blank=True, max_length=200
    )
    statement_name = models.CharField(gettext_lazy("说明原文件名"), max_length=200, blank=True)
    statement_sha256 = models.CharField(gettext_lazy("说明SHA-256"), max_length=64, blank=True)
    statement_uploaded_at = models.DateTimeField(
        gettext_lazy("说明上传时间"), null=True, blank=True
    )
    dispute_reason = models.TextField(gettext_lazy("争议审核理由"), blank=True)
    dispute_opened_by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("发起争议审核人"),
    )
    dispute_opened_at = models.DateTimeField(
        gettext_lazy("争议审核发起时间"), null=True, blank=True
    )
    owner_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("裁定承办单位"),
    )
    new_assignment = models.ForeignKey(
        Assignment,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("改派交办单"),
    )

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("退单申请")
        indexes = [
            models.Index(fields=["requested_at", "unit"], name="return_requested_unit"),
            models.Index(fields=["status", "requested_at", "id"], name="return_status_requested"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(status__in=["leader_review", "pending", "disputed"]),
                name="one_open_return",
            )
        ]

    def __str__(self) -> str:
        return _("退单 · 交办单%(assignment_id)s") % {"assignment_id": self.assignment_id}
