from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy

from jiesu.portal.choices import AttemptKind
from jiesu.tickets.models import Ticket


class Photo(models.Model):
    """A photo a citizen attached to their request on the portal."""

    ticket = models.ForeignKey(
        Ticket, models.PROTECT, related_name="photos", verbose_name=gettext_lazy("工单")
    )
    file = models.FileField(gettext_lazy("照片"), upload_to="portal/%Y/%m/")
    content_type = models.CharField(gettext_lazy("类型"), max_length=40)
    size = models.PositiveIntegerField(gettext_lazy("大小（字节）"))
    at = models.DateTimeField(gettext_lazy("上传时间"))

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("诉求照片")

    def __str__(self) -> str:
        return f"{self.ticket_id}：{self.file.name}"


class Attempt(models.Model):
    """One counted attempt of a client (its address as a keyed hash, never the address itself):
    submissions and wrong query codes, read back by the portal's rate limits."""

    kind = models.CharField(gettext_lazy("类型"), max_length=20, choices=AttemptKind.choices)
    client = models.CharField(gettext_lazy("客户端（散列）"), max_length=64)
    number = models.CharField(gettext_lazy("工单编号"), max_length=20, blank=True)
    at = models.DateTimeField(gettext_lazy("时间"))

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("门户访问计数")
        indexes = [
            models.Index(fields=["kind", "client", "at"], name="portal_attempt_client"),
            models.Index(fields=["kind", "number", "at"], name="portal_attempt_number"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.at:%Y-%m-%d %H:%M}"
