"""A notification per person per event, and the cursor over the event log (decision 0021)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiesu.notifications.choices import Reason
from jiesu.tickets.models import Event, Ticket


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("接收人"),
    )
    # empty for a notification that is not about a ticket (a report delivered: ``notify_users``)
    event = models.ForeignKey(
        Event, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("事件")
    )
    ticket = models.ForeignKey(
        Ticket, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("工单")
    )
    link = models.CharField(_("链接"), max_length=200, blank=True)
    key = models.CharField(_("去重键"), max_length=80, blank=True)
    reason = models.CharField(_("原因"), max_length=20, choices=Reason.choices)
    text = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    texted_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("通知")
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="notification_once"),
            models.UniqueConstraint(
                fields=["key", "recipient"],
                name="notification_key_once",
                condition=~models.Q(key=""),
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_recipient"),
            models.Index(
                fields=["recipient"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.text}"


class Cursor(models.Model):
    """How far the event log has been read (the id of the last event seen)."""

    name = models.CharField(max_length=40, unique=True)
    last_event_id = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("事件读取位置")

    def __str__(self) -> str:
        return f"{self.name}: {self.last_event_id}"
