from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.diversion.models import Diversion
from jiesu.enterprise.choices import CaseStatus, Gap
from jiesu.tickets.models import Ticket


class EnterpriseCase(models.Model):
    """A company's orphan problem at the 兜底办 window: the company, and its own ticket, which
    carries the hotline loop's clocks, events and rates (dispatch to a lead department and
    helpers, escalation, reply, the company's rating)."""

    ticket = models.OneToOneField(
        Ticket, models.PROTECT, related_name="enterprise_case", verbose_name=gettext_lazy("工单")
    )
    # the 12345 hotline ticket handed over through the "101" channel, if it came that way
    origin = models.OneToOneField(
        Diversion,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprise_case",
        verbose_name=gettext_lazy("来源分流"),
    )
    company_name = models.CharField(gettext_lazy("企业名称"), max_length=100, blank=True)
    credit_code = models.CharField(gettext_lazy("统一社会信用代码"), max_length=18, blank=True)
    contact_name = models.CharField(gettext_lazy("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(gettext_lazy("联系电话"), max_length=20, blank=True)
    gap = models.CharField(gettext_lazy("兜底情形"), max_length=20, choices=Gap.choices)
    status = models.CharField(
        gettext_lazy("状态"),
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.REGISTERED,
    )
    registered_at = models.DateTimeField(gettext_lazy("登记时间"))
    accepted_at = models.DateTimeField(gettext_lazy("受理时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("兜底办诉求")
        indexes = [
            models.Index(fields=["status", "-registered_at"], name="case_status_registered"),
            models.Index(fields=["credit_code"], name="case_credit_code"),
        ]

    def __str__(self) -> str:
        return _("%(v0)s · %(ticket_id)s") % {
            "v0": self.company_name or _("（待补全）"),
            "ticket_id": self.ticket_id,
        }
