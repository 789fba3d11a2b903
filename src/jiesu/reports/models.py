from __future__ import annotations

from django.conf import settings
from django.db import models

from jiesu.core.immutable import Immutable


class HotspotReport(Immutable):
    """One version of the weekly hotspot report (热点周报, R9) as it was generated: the figures
    are frozen in ``data``; generating the week again makes a new version, never an update."""

    title = models.CharField("标题", max_length=200)
    period_start = models.DateField("起始日期")
    period_end = models.DateField("截止日期")
    version = models.PositiveSmallIntegerField("版本", default=1)
    generated_at = models.DateTimeField("生成时间")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="生成人",
        help_text="为空：每周定时任务或命令行生成。",
    )
    # copied out of ``data`` for lists, which never load the figures themselves
    ticket_count = models.PositiveIntegerField("受理诉求（件）")
    rising_count = models.PositiveIntegerField("趋势性问题（项）")
    new_count = models.PositiveIntegerField("苗头性问题（项）")
    data = models.JSONField("报告内容")

    immutable_what = "a hotspot report (generate a new version instead)"

    class Meta:
        verbose_name = verbose_name_plural = "热点周报"
        constraints = [
            models.UniqueConstraint(
                fields=["period_end", "version"], name="hotspot_report_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} 第{self.version}版"
