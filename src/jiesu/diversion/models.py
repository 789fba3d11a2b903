from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiesu.diversion.choices import DeliveryKind, DeliveryStatus, DiversionChannel
from jiesu.tickets.models import Event, Ticket


class Diversion(models.Model):
    """A D-class request handed over to another channel (R12), and what came back."""

    ticket = models.ForeignKey(
        Ticket, models.PROTECT, related_name="diversions", verbose_name=_("工单")
    )
    channel = models.CharField(_("分流渠道"), max_length=20, choices=DiversionChannel.choices)
    reason = models.TextField(_("分流理由"))
    external_ref = models.CharField(_("外部渠道编号"), max_length=80, blank=True)
    # the receiving system's own number for the matter, from its acknowledgement or its result
    remote_ref = models.CharField(_("接收方编号"), max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("分流人"),
    )
    created_at = models.DateTimeField(_("分流时间"))
    result = models.TextField(_("外部办理结果"), blank=True)
    result_at = models.DateTimeField(_("结果回传时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("分流记录")
        indexes = [models.Index(fields=["channel", "created_at"], name="diversion_channel_created")]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.get_channel_display()}"


class Delivery(models.Model):
    """One signed webhook to one receiver, delivered at least once with back-off; after its
    last failed attempt it is a dead letter until the platform retries it."""

    kind = models.CharField(_("类型"), max_length=10, choices=DeliveryKind.choices)
    # the diversion channel's code, or the city app's name
    target = models.CharField(_("接收方"), max_length=60)
    event = models.CharField(_("事件"), max_length=40)
    ticket = models.ForeignKey(
        Ticket, models.PROTECT, related_name="deliveries", verbose_name=_("工单")
    )
    diversion = models.ForeignKey(
        Diversion,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("分流记录"),
    )
    source_event = models.ForeignKey(
        Event, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("来源事件")
    )
    payload = models.JSONField(_("内容"))
    status = models.CharField(
        _("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    attempt_limit = models.PositiveSmallIntegerField(_("尝试上限"))
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("Webhook 投递")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["status", "-id"], name="delivery_status"),
            models.Index(fields=["ticket", "id"], name="delivery_ticket"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "source_event"],
                name="delivery_once_per_event",
                condition=models.Q(source_event__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.target} #{self.pk}"


class DeliveryAttempt(models.Model):
    """One HTTP request of a delivery, kept for the delivery log."""

    delivery = models.ForeignKey(
        Delivery, models.CASCADE, related_name="attempt_log", verbose_name=_("投递")
    )
    number = models.PositiveSmallIntegerField(_("第几次"))
    url = models.CharField(_("地址"), max_length=500)
    started_at = models.DateTimeField(_("开始时间"))
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"))
    status_code = models.PositiveSmallIntegerField(_("HTTP 状态码"), null=True, blank=True)
    ok = models.BooleanField(_("成功"))
    error = models.TextField(_("错误"), blank=True)
    response = models.TextField(_("响应摘要"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("Webhook 投递记录")
        ordering = ["delivery_id", "number"]

    def __str__(self) -> str:
        return f"#{self.delivery_id}/{self.number}: {self.status_code or self.error}"
