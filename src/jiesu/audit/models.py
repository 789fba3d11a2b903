"""The audit log of reads of personal data (DESIGN §11): append-only, written by
``actions.record_personal_data_read`` and nothing else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiesu.audit.choices import ReadChannel
from jiesu.core.immutable import Immutable
from jiesu.organisation.models import Unit
from jiesu.tickets.models import Ticket


class PersonalDataRead(Immutable):
    """One showing of a caller's unmasked name and phone: who, in which unit, which ticket, when,
    through which channel. Never changed, never deleted."""

    at = models.DateTimeField(_("查阅时间"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("查阅人"),
    )
    username = models.CharField(_("用户名"), max_length=150)
    role = models.CharField(_("角色"), max_length=30, blank=True)
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("单位")
    )
    ticket = models.ForeignKey(Ticket, models.PROTECT, related_name="+", verbose_name=_("工单"))
    channel = models.CharField(_("渠道"), max_length=10, choices=ReadChannel.choices)

    immutable_what = "the audit log"

    class Meta:
        verbose_name = verbose_name_plural = _("个人信息查阅记录")
        indexes = [
            models.Index(fields=["ticket", "at"], name="audit_read_ticket_at"),
            models.Index(fields=["user", "at"], name="audit_read_user_at"),
            models.Index(fields=["at"], name="audit_read_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} · {self.ticket_id} @ {self.at:%Y-%m-%d %H:%M:%S}"
