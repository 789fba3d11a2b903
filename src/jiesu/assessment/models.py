from __future__ import annotations

from django.db import models

from jiesu.organisation.models import Unit


class Call(models.Model):
    """One call offered to a hotline platform, imported from the telephone system's records:
    the source of the connection rate (接通率) and of the 15-second answer share (GB/T 33358)."""

    call_id = models.CharField("话单编号", max_length=64, unique=True)
    platform = models.ForeignKey(
        Unit, models.PROTECT, related_name="calls", verbose_name="受理平台"
    )
    offered_at = models.DateTimeField("呼入时间")
    answered_at = models.DateTimeField("接听时间", null=True, blank=True)
    # seconds from offer to answer (or to abandonment); from the record where it has one
    wait_seconds = models.PositiveIntegerField("等待时长（秒）", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "话务记录"
        indexes = [
            models.Index(fields=["offered_at"], name="call_offered"),
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
