from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy

from jiesu.tickets.models import Ticket


class TrainedModel(models.Model):
    """A category classifier trained from history: its file in the data directory, when and on
    what it was trained, how it scored. One is active; the earlier ones are kept."""

    version = models.CharField(gettext_lazy("版本"), max_length=40, unique=True)
    trained_at = models.DateTimeField(gettext_lazy("训练时间"))
    file = models.CharField(gettext_lazy("模型文件"), max_length=300)
    samples = models.PositiveIntegerField(gettext_lazy("训练样本数"))
    seconds = models.FloatField(gettext_lazy("训练耗时（秒）"))
    metrics = models.JSONField(gettext_lazy("评估指标"), default=dict, blank=True)
    active = models.BooleanField(gettext_lazy("当前使用"), default=False)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("分类模型")
        ordering = ["-trained_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_model"
            )
        ]

    def __str__(self) -> str:
        return self.version


class HistoryRecord(models.Model):
    """A ticket imported from a legacy system: where it came from and what that system said
    (the answering unit and the reply, as text: legacy units need not exist here)."""

    ticket = models.OneToOneField(
        Ticket, models.CASCADE, related_name="history", verbose_name=gettext_lazy("工单")
    )
    source = models.CharField(gettext_lazy("来源系统"), max_length=60)
    source_id = models.CharField(gettext_lazy("原系统编号"), max_length=80)
    unit_name = models.CharField(gettext_lazy("原承办单位"), max_length=200, blank=True)
    reply = models.TextField(gettext_lazy("原答复"), blank=True)
    replied_at = models.DateTimeField(gettext_lazy("原答复时间"), null=True, blank=True)
    support = models.PositiveIntegerField(gettext_lazy("点赞/附议数"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("历史工单来源")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="history_source_id")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id}"


class MatterKey(models.Model):
    """The similarity index: a few MinHash band keys per ticket, so that tickets on the same
    matter are found by an index lookup, not by reading history (docs/intelligence.md)."""

    key = models.BigIntegerField()
    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "-created_at"], name="matter_key_created")]

    def __str__(self) -> str:
        return f"{self.key}→{self.ticket_id}"
