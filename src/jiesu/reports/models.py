from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiesu.core.immutable import Immutable
from jiesu.reports.choices import ReportKind


class HotspotReport(Immutable):
    """One version of the weekly hotspot report (热点周报, R9) as it was generated: the figures
    are frozen in ``data``; generating the week again makes a new version, never an update."""

    title = models.CharField(_("标题"), max_length=200)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("生成人"),
        help_text=_("为空：每周定时任务或命令行生成。"),
    )
    # copied out of ``data`` for lists, which never load the figures themselves
    ticket_count = models.PositiveIntegerField(_("受理诉求（件）"))
    rising_count = models.PositiveIntegerField(_("趋势性问题（项）"))
    new_count = models.PositiveIntegerField(_("苗头性问题（项）"))
    data = models.JSONField(_("报告内容"))

    immutable_what = "a hotspot report (generate a new version instead)"

    class Meta:
        verbose_name = verbose_name_plural = _("热点周报")
        constraints = [
            models.UniqueConstraint(
                fields=["period_end", "version"], name="hotspot_report_unique_version"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(title)s 第%(version)s版") % {"title": self.title, "version": self.version}


class Report(Immutable):
    """One entry of the report archive: a weekly, monthly or special report as it was made and
    delivered. The figures are frozen — in ``data`` for monthly and special reports, in the
    weekly report's own row (``hotspot``) — so each download is written again from them, the
    same every time (decision 0041)."""

    kind = models.CharField(_("类型"), max_length=10, choices=ReportKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    #: what a special report is about: category, region, keywords, topic
    params = models.JSONField(_("条件"), default=dict, blank=True)
    data = models.JSONField(_("报告内容"), default=dict, blank=True)
    hotspot = models.OneToOneField(
        HotspotReport,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="archived",
        verbose_name=_("热点周报"),
    )
    created_at = models.DateTimeField(_("生成时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("生成人"),
        help_text=_("为空：定时任务或命令行生成。"),
    )

    immutable_what = "an archived report (generate a new version instead)"

    class Meta:
        verbose_name = verbose_name_plural = _("报告存档")
        indexes = [models.Index(fields=["-created_at"], name="report_newest")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_end", "version"],
                condition=models.Q(kind="monthly"),
                name="report_monthly_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_kind_display()}）"
