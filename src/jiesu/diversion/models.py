from __future__ import annotations

from django.conf import settings
from django.db import models

from jiesu.diversion.choices import DiversionChannel
from jiesu.tickets.models import Ticket


class Diversion(models.Model):
    """A D-class request handed over to another channel (R12), and what came back."""

    ticket = models.ForeignKey(
        Ticket, models.PROTECT, related_name="diversions", verbose_name="工单"
    )
    channel = models.CharField("分流渠道", max_length=20, choices=DiversionChannel.choices)
    reason = models.TextField("分流理由")
    external_ref = models.CharField("外部渠道编号", max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="分流人",
    )
    created_at = models.DateTimeField("分流时间")
    result = models.TextField("外部办理结果", blank=True)
    result_at = models.DateTimeField("结果回传时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "分流记录"
        indexes = [models.Index(fields=["channel", "created_at"], name="diversion_channel_created")]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.get_channel_display()}"
