from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from jiesu.integrations.choices import Source
from jiesu.tickets.models import Ticket


class IntegrationKey(models.Model):
    """An outside system's key: scoped, rate-limited, acting as its own service user (the tickets it
    submits are ``created_by`` that user: what "its own" means). Only the key's SHA-256 is kept."""

    name = models.CharField(gettext_lazy("名称"), max_length=60, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="integration_key",
        verbose_name=gettext_lazy("服务账号"),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(gettext_lazy("前缀"), max_length=8, editable=False)
    scopes = models.JSONField(gettext_lazy("权限范围"), default=list)
    source = models.CharField(
        gettext_lazy("来源系统"), max_length=20, choices=Source.choices, default=Source.OPEN311
    )
    # the diversion channel whose results the key reports (scope ``report_results``), e.g. jw12388
    channel = models.CharField(gettext_lazy("回传渠道"), max_length=20, blank=True, default="")
    per_minute = models.PositiveIntegerField(gettext_lazy("每分钟调用上限"), default=60)
    revoked = models.BooleanField(gettext_lazy("已吊销"), default=False)
    created_at = models.DateTimeField(gettext_lazy("创建时间"))
    last_used_at = models.DateTimeField(gettext_lazy("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("接入密钥")

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"


class Call(models.Model):
    """One call of an integration endpoint, whoever made it and however it ended (the audit)."""

    key = models.ForeignKey(
        IntegrationKey,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=gettext_lazy("接入密钥"),
    )
    credential = models.CharField(gettext_lazy("凭据前缀"), max_length=8, blank=True)
    method = models.CharField(gettext_lazy("方法"), max_length=8)
    path = models.CharField(gettext_lazy("路径"), max_length=200)
    status = models.PositiveSmallIntegerField(gettext_lazy("状态码"))
    client = models.CharField(gettext_lazy("客户端（散列）"), max_length=64)
    at = models.DateTimeField(gettext_lazy("时间"))

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("接口调用审计")
        indexes = [
            models.Index(fields=["credential", "at"], name="integration_call_credential"),
            models.Index(fields=["at"], name="integration_call_at"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class InboundTicket(models.Model):
    """A ticket that came from another system with that system's id: one ticket per (source,
    external id), whatever the number of times it is sent."""

    source = models.CharField(gettext_lazy("来源系统"), max_length=20, choices=Source.choices)
    external_id = models.CharField(gettext_lazy("外部编号"), max_length=100)
    ticket = models.OneToOneField(
        Ticket, models.PROTECT, related_name="inbound", verbose_name=gettext_lazy("工单")
    )
    key = models.ForeignKey(IntegrationKey, models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(gettext_lazy("接收时间"))

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("外部来件")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="inbound_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.external_id}"


class Open311Request(models.Model):
    """What an Open311 client sent beside the ticket's own fields, and the token it can follow."""

    ticket = models.OneToOneField(
        Ticket, models.PROTECT, related_name="open311", verbose_name=gettext_lazy("工单")
    )
    token = models.CharField(gettext_lazy("令牌"), max_length=40, unique=True)
    key = models.ForeignKey(IntegrationKey, models.PROTECT, null=True, blank=True, related_name="+")
    media_url = models.URLField(gettext_lazy("媒体链接"), max_length=500, blank=True)
    # a picture uploaded with the request (multipart ``media``), shown to the desk as a thumbnail
    media = models.FileField(gettext_lazy("上传图片"), upload_to="open311/%Y/%m/", blank=True)
    media_type = models.CharField(gettext_lazy("图片类型"), max_length=40, blank=True)
    email = models.EmailField(gettext_lazy("电子邮箱"), blank=True)
    device_id = models.CharField(gettext_lazy("设备编号"), max_length=100, blank=True)
    account_id = models.CharField(gettext_lazy("账户编号"), max_length=100, blank=True)
    address_id = models.CharField(gettext_lazy("地址编号"), max_length=100, blank=True)
    attributes = models.JSONField(gettext_lazy("属性"), default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("Open311 请求")

    def __str__(self) -> str:
        return f"{self.ticket_id} / {self.token}"
