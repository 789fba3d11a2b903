"""Records of the supervision desk (督导端): escalations, supervisions with their own deadline,
leaders' instructions and clue transfers (R18, R19). Each is also an event on the ticket.

Escalations, supervisions and instructions are *tasks* (decision 0013): an owner who must act, a
deadline, the owner's feedback, and the SLA sweep's warning and overdue marks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.organisation.models import Unit
from jiesu.supervision.choices import EscalationLevel
from jiesu.tickets.models import Ticket

USER = settings.AUTH_USER_MODEL


class Task(models.Model):
    """What an escalation, a supervision and an instruction share: the owner's feedback by a
    deadline, and the marks the SLA sweep sets once each (compare-and-set on a NULL column)."""

    feedback = models.TextField(gettext_lazy("反馈意见"), blank=True)
    feedback_by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("反馈人"),
    )
    feedback_at = models.DateTimeField(gettext_lazy("反馈时间"), null=True, blank=True)
    warned_at = models.DateTimeField(gettext_lazy("预警时间"), null=True, blank=True)
    overdue_at = models.DateTimeField(gettext_lazy("超期标记时间"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def answered(self) -> bool:
        return self.feedback_at is not None


class Escalation(Task):
    """提级协调: the main unit's leadership (``unit``), or the city government (no unit: the
    supervision desk acts for it), must coordinate and feed back by ``deadline``."""

    ticket = models.ForeignKey(
        Ticket, models.PROTECT, related_name="escalations", verbose_name=gettext_lazy("工单")
    )
    level = models.CharField(
        gettext_lazy("提级层级"), max_length=20, choices=EscalationLevel.choices
    )
    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("主办单位"),
    )
    reason = models.TextField(gettext_lazy("提级理由"))
    by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("提级人"),
    )
    at = models.DateTimeField(gettext_lazy("提级时间"))
    # empty only for escalations made before escalations were tasks: never swept
    deadline = models.DateTimeField(gettext_lazy("反馈时限"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("提级协调")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "level"], name="escalation_once_per_level")
        ]
        indexes = [
            models.Index(
                fields=["deadline"],
                name="escalation_open_deadline",
                condition=models.Q(feedback_at__isnull=True),
            ),
            models.Index(fields=["unit", "deadline"], name="escalation_unit_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} · {self.get_level_display()}"


class Supervision(Task):
    """督办: a supervisor's follow-up on a ticket, with its own deadline; the supervised unit
    (``unit``) feeds back, the supervisor closes it."""

    ticket = models.ForeignKey(
        Ticket, models.PROTECT, related_name="supervisions", verbose_name=gettext_lazy("工单")
    )
    reason = models.TextField(gettext_lazy("督办事由"))
    deadline = models.DateTimeField(gettext_lazy("督办时限"))
    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("被督办单位"),
    )
    opened_by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("督办人"),
    )
    opened_at = models.DateTimeField(gettext_lazy("督办时间"))
    closed_by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("办结人"),
    )
    closed_at = models.DateTimeField(gettext_lazy("督办办结时间"), null=True, blank=True)
    result = models.TextField(gettext_lazy("督办结果"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("督办")
        indexes = [
            models.Index(
                fields=["deadline"],
                name="supervision_open_deadline",
                condition=models.Q(closed_at__isnull=True),
            ),
            models.Index(fields=["ticket", "closed_at"], name="supervision_ticket"),
            models.Index(
                fields=["deadline"],
                name="supervision_unanswered",
                condition=models.Q(closed_at__isnull=True, feedback_at__isnull=True),
            ),
            models.Index(fields=["unit", "deadline"], name="supervision_unit_deadline"),
        ]

    def __str__(self) -> str:
        return _("督办 %(ticket_id)s") % {"ticket_id": self.ticket_id}

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Instruction(Task):
    """批示件: a leader's written instruction on a ticket, tracked to the end: the follow-up
    unit (``unit``) feeds back by ``deadline``."""

    ticket = models.ForeignKey(
        Ticket, models.PROTECT, related_name="instructions", verbose_name=gettext_lazy("工单")
    )
    leader = models.CharField(gettext_lazy("批示领导"), max_length=60)
    content = models.TextField(gettext_lazy("批示内容"))
    by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("登记人"),
    )
    at = models.DateTimeField(gettext_lazy("登记时间"))
    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("跟踪办理单位"),
    )
    # empty only for instructions recorded before instructions were tasks: never swept
    deadline = models.DateTimeField(gettext_lazy("反馈时限"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("领导批示")
        indexes = [
            models.Index(
                fields=["deadline"],
                name="instruction_open_deadline",
                condition=models.Q(feedback_at__isnull=True),
            ),
            models.Index(fields=["unit", "deadline"], name="instruction_unit_deadline"),
        ]

    def __str__(self) -> str:
        return _("%(leader)s 批示 %(ticket_id)s") % {
            "leader": self.leader,
            "ticket_id": self.ticket_id,
        }


class ClueTransfer(models.Model):
    """线索移交: a misconduct clue about a unit, transferred to discipline inspection."""

    ticket = models.ForeignKey(
        Ticket, models.PROTECT, related_name="clue_transfers", verbose_name=gettext_lazy("工单")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=gettext_lazy("涉及单位")
    )
    content = models.TextField(gettext_lazy("问题线索"))
    by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("移交人"),
    )
    at = models.DateTimeField(gettext_lazy("移交时间"))

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("问题线索移交")

    def __str__(self) -> str:
        return _("线索 %(ticket_id)s → %(unit_id)s") % {
            "ticket_id": self.ticket_id,
            "unit_id": self.unit_id,
        }


#: One of the three kinds of task an owner answers (for type checks; ``Task`` is abstract).
AnyTask = Escalation | Supervision | Instruction
