from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiesu.catalogue.models import Category
from jiesu.organisation.models import Region, Unit
from jiesu.tickets.choices import AppealType, AssignmentRole, CallbackResult


class Call(models.Model):
    """One call offered to a hotline platform, imported from the telephone system's records:
    the source of the connection rate (接通率) and of the 15-second answer share (GB/T 33358)."""

    call_id = models.CharField(_("话单编号"), max_length=64, unique=True)
    platform = models.ForeignKey(
        Unit, models.PROTECT, related_name="calls", verbose_name=_("受理平台")
    )
    offered_at = models.DateTimeField(_("呼入时间"))
    answered_at = models.DateTimeField(_("接听时间"), null=True, blank=True)
    # seconds from offer to answer (or to abandonment); from the record where it has one
    wait_seconds = models.PositiveIntegerField(_("等待时长（秒）"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("话务记录")
        indexes = [
            # covering: a month's connection rate is read from the index alone
            models.Index(
                fields=["offered_at", "platform", "answered_at", "wait_seconds"],
                name="call_offered",
            ),
            models.Index(
                fields=["-offered_at"],
                name="call_abandoned",
                condition=models.Q(answered_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.call_id

    @property
    def abandoned(self) -> bool:
        return self.answered_at is None


class HistoricalAssignment(models.Model):
    """One unit's share of one ticket handled on the platform a city used before Jiesu, imported
    by ``jiesu history import-assignments`` so that the rates continue across the switch. Its
    deadlines are derived on import exactly as for a live assignment; the rates read it beside
    the live ones (decision 0023). It is a record of a finished past: never changed."""

    ticket_number = models.CharField(_("工单编号"), max_length=40)
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    content = models.TextField(_("诉求内容"), blank=True)
    appeal_type = models.CharField(_("诉求类型"), max_length=30, choices=AppealType.choices)
    region = models.ForeignKey(
        Region, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("区域")
    )
    category = models.ForeignKey(
        Category, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("类别")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="historical_assignments", verbose_name=_("承办单位")
    )
    role = models.CharField(_("角色"), max_length=10, choices=AssignmentRole.choices)
    dispatched_at = models.DateTimeField(_("派单时间"))
    sign_deadline = models.DateTimeField(_("签收时限"))
    answer_deadline = models.DateTimeField(_("答复时限"))
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("提交答复时间"), null=True, blank=True)
    # the reply approved: the step the completion rate judges (答复办结)
    answered_at = models.DateTimeField(_("答复审核通过时间"), null=True, blank=True)
    callback_result = models.CharField(
        _("回访结果"), max_length=30, choices=CallbackResult.choices, blank=True
    )
    callback_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    imported_at = models.DateTimeField(_("导入时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("历史交办记录")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket_number", "unit", "role", "dispatched_at"],
                name="historical_assignment_once",
            )
        ]
        indexes = [
            models.Index(
                fields=[
                    "dispatched_at",
                    "unit",
                    "sign_deadline",
                    "signed_at",
                    "answer_deadline",
                    "answered_at",
                ],
                name="history_dispatched",
            ),
            models.Index(
                fields=["callback_at"],
                name="history_callback",
                condition=models.Q(callback_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_number}/{self.unit_id}/{self.role}"
