from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.catalogue.models import Category
from jiesu.core.immutable import Immutable
from jiesu.organisation.models import Region, Unit
from jiesu.tickets.choices import (
    OPEN_ASSIGNMENT_STATUSES,
    AppealType,
    AssignmentRole,
    AssignmentStatus,
    CallbackResult,
    Channel,
    DispatchClass,
    EventKind,
    ReplyStatus,
    ReviewLevel,
    TicketStatus,
    Track,
)

USER = settings.AUTH_USER_MODEL


class Ticket(models.Model):
    """A request (诉求) as received: the caller, the matter, and where it stands."""

    number = models.CharField(gettext_lazy("工单编号"), max_length=20, unique=True)
    query_code = models.CharField(gettext_lazy("查询码"), max_length=8)
    channel = models.CharField(gettext_lazy("受理渠道"), max_length=20, choices=Channel.choices)
    caller_name = models.CharField(gettext_lazy("诉求人"), max_length=60, blank=True)
    caller_phone = models.CharField(gettext_lazy("联系电话"), max_length=20, blank=True)
    caller_id_number = models.CharField(gettext_lazy("证件号码"), max_length=18, blank=True)
    anonymous = models.BooleanField(gettext_lazy("匿名"), default=False)
    confidential = models.BooleanField(gettext_lazy("保密"), default=False)
    subject = models.CharField(gettext_lazy("标题"), max_length=200)
    content = models.TextField(gettext_lazy("诉求内容"))
    appeal_type = models.CharField(
        gettext_lazy("诉求类型"), max_length=30, choices=AppealType.choices
    )
    urgent = models.BooleanField(gettext_lazy("紧急"), default=False)
    enterprise = models.BooleanField(gettext_lazy("涉企"), default=False)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="tickets", verbose_name=gettext_lazy("区域")
    )
    address = models.CharField(gettext_lazy("地址"), max_length=200, blank=True)
    lat = models.FloatField(gettext_lazy("纬度"), null=True, blank=True)
    lon = models.FloatField(gettext_lazy("经度"), null=True, blank=True)
    category = models.ForeignKey(
        Category,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=gettext_lazy("类别"),
    )
    dispatch_class = models.CharField(
        gettext_lazy("派单分类"),
        max_length=1,
        choices=DispatchClass.choices,
        default=DispatchClass.A,
    )
    track = models.CharField(
        gettext_lazy("办理类别"), max_length=20, choices=Track.choices, default=Track.TIME_LIMITED
    )
    status = models.CharField(
        gettext_lazy("状态"),
        max_length=20,
        choices=TicketStatus.choices,
        default=TicketStatus.ACCEPTED,
    )
    primary = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_tickets",
        verbose_name=gettext_lazy("并入主单"),
    )
    key_request = models.BooleanField(gettext_lazy("重点诉求（一人多次/一事多人）"), default=False)
    # a class proposed at intake (一人多次 → C) that the platform confirms, or not, by classifying
    proposed_class = models.CharField(
        gettext_lazy("建议分类"),
        max_length=1,
        choices=DispatchClass.choices,
        blank=True,
        default="",
    )
    # suggestions the operator accepted at intake (issue 9): the forms of whoever dispatches or
    # merges the ticket start from them; the dispatch and the merge record the final choice
    accepted_unit = models.ForeignKey(
        Unit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("受理时采纳的承办单位"),
    )
    accepted_primary = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("受理时采纳的并单主单"),
    )
    supervised = models.BooleanField(gettext_lazy("督办"), default=False)
    unreached_callbacks = models.PositiveSmallIntegerField(gettext_lazy("未联系上次数"), default=0)
    answer = models.TextField(gettext_lazy("答复意见"), blank=True)
    intake_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_tickets",
        verbose_name=gettext_lazy("受理平台"),
    )
    created_by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("受理人"),
    )
    created_at = models.DateTimeField(gettext_lazy("受理时间"))
    closed_at = models.DateTimeField(gettext_lazy("办结时间"), null=True, blank=True)
    # kept by the SLA sweep (every minute): an open assignment of the ticket is past a deadline
    overdue = models.BooleanField(gettext_lazy("超期"), default=False)
    # kept by the actions: an answer (or the primary's, for a merged ticket) waits for its callback
    awaiting_callback = models.BooleanField(gettext_lazy("待回访"), default=False)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("工单")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="ticket_created"),
            models.Index(fields=["status", "-created_at", "-id"], name="ticket_status_created"),
            models.Index(fields=["caller_phone", "-created_at"], name="ticket_caller"),
            # what an integration key (or a portal-less caller) reads back: its own requests,
            # newest first, and by service (Open311 ``GET requests``, decision 0080)
            models.Index(
                fields=["created_by", "-created_at", "-id"], name="ticket_creator_created"
            ),
            models.Index(
                fields=["created_by", "category", "-created_at", "-id"],
                name="ticket_creator_category",
            ),
            models.Index(
                fields=["intake_unit", "-created_at", "-id"], name="ticket_intake_unit_created"
            ),
            models.Index(
                fields=["-created_at", "-id"],
                name="ticket_overdue_created",
                condition=models.Q(overdue=True),
            ),
            models.Index(
                fields=["-created_at", "-id"],
                name="ticket_awaiting_callback",
                condition=models.Q(awaiting_callback=True),
            ),
            # the supervisor's queues (tickets/queues.py, decision 0019)
            models.Index(
                fields=["-created_at", "-id"],
                name="ticket_key_created",
                condition=models.Q(dispatch_class="C"),
            ),
            models.Index(
                fields=["-created_at", "-id"],
                name="ticket_supervised_created",
                condition=models.Q(supervised=True),
            ),
        ]

    def __str__(self) -> str:
        return self.number


class TicketCounter(models.Model):
    """The last sequence number used on a day, for human ticket numbers like 20250621-000123."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class AssignmentQuerySet(models.QuerySet):
    def late(self, now):
        """Open and past a deadline: not signed in time (签收超期) or not answered in time (办结超期).
        A step done at the deadline itself is on time."""
        return self.filter(
            models.Q(status=AssignmentStatus.PENDING_SIGN, sign_deadline__lt=now)
            | models.Q(status__in=OPEN_ASSIGNMENT_STATUSES, answer_deadline__lt=now)
        )


class Assignment(models.Model):
    """One unit's share of one ticket on one hop, with its own clocks."""

    ticket = models.ForeignKey(
        Ticket, models.PROTECT, related_name="assignments", verbose_name=gettext_lazy("工单")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="assignments", verbose_name=gettext_lazy("承办单位")
    )
    role = models.CharField(gettext_lazy("角色"), max_length=10, choices=AssignmentRole.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=gettext_lazy("上级转派"),
    )
    # the platform that handed the work out (the county platform for a re-dispatched child)
    dispatched_from = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("派单平台"),
    )
    status = models.CharField(
        gettext_lazy("状态"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PENDING_SIGN,
    )
    dispatched_by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("派单人"),
    )
    dispatched_at = models.DateTimeField(gettext_lazy("派单时间"))
    clock_started_at = models.DateTimeField(gettext_lazy("计时起点"))
    sign_deadline = models.DateTimeField(gettext_lazy("签收时限"))
    answer_deadline = models.DateTimeField(gettext_lazy("答复时限"))
    extension_days = models.PositiveSmallIntegerField(
        gettext_lazy("已批准延期（工作日）"), default=0
    )
    # switched onto the fast track (联动快办) after dispatch: its hour clocks count from here
    urgent_since = models.DateTimeField(gettext_lazy("快办计时起点"), null=True, blank=True)
    signed_at = models.DateTimeField(gettext_lazy("签收时间"), null=True, blank=True)
    answered_at = models.DateTimeField(gettext_lazy("答复办结时间"), null=True, blank=True)
    sign_warned_at = models.DateTimeField(null=True, blank=True)
    sign_overdue_at = models.DateTimeField(null=True, blank=True)
    answer_warned_at = models.DateTimeField(null=True, blank=True)
    answer_overdue_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("交办单")
        indexes = [
            models.Index(fields=["unit", "status"], name="assignment_unit_status"),
            models.Index(fields=["ticket", "role"], name="assignment_ticket_role"),
            models.Index(fields=["ticket", "unit"], name="assignment_ticket_unit"),
            # the assessment's population, assignments dispatched in a period (R21): covering,
            # so that a month of every unit's counts is read from the index alone
            models.Index(
                fields=[
                    "dispatched_at",
                    "unit",
                    "status",
                    "sign_deadline",
                    "signed_at",
                    "answer_deadline",
                    "answered_at",
                ],
                name="assignment_assessed",
            ),
            models.Index(
                fields=["sign_deadline"],
                name="assignment_open_sign",
                condition=models.Q(status="pending_sign"),
            ),
            models.Index(
                fields=["answer_deadline"],
                name="assignment_open_answer",
                condition=models.Q(
                    status__in=["pending_sign", "handling", "reply_review", "return_review"]
                ),
            ),
            # the work queues, nearest deadline first, per scope (tickets/queues.py)
            models.Index(fields=["status", "answer_deadline", "id"], name="assignment_status_due"),
            models.Index(
                fields=["unit", "status", "answer_deadline", "id"], name="assignment_unit_due"
            ),
            models.Index(
                fields=["dispatched_from", "status", "answer_deadline", "id"],
                name="assignment_from_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}/{self.unit_id}/{self.role}"


class Reply(models.Model):
    """A unit's answer, on its way through the review chain (R16)."""

    assignment = models.ForeignKey(
        Assignment, models.PROTECT, related_name="replies", verbose_name=gettext_lazy("交办单")
    )
    content = models.TextField(gettext_lazy("答复内容"))
    author = models.ForeignKey(
        USER, models.PROTECT, null=True, related_name="+", verbose_name=gettext_lazy("答复人")
    )
    created_at = models.DateTimeField(gettext_lazy("提交时间"))
    status = models.CharField(
        gettext_lazy("状态"),
        max_length=20,
        choices=ReplyStatus.choices,
        default=ReplyStatus.IN_REVIEW,
    )
    levels = models.JSONField(gettext_lazy("审核环节"), default=list)
    level_index = models.PositiveSmallIntegerField(gettext_lazy("当前审核环节"), default=0)
    # Where the review waits now, stored by the actions that move the reply (``levels
    # [level_index]`` and the unit whose people review at it); empty once decided. The
    # reply queue reads them as one index range per level (decision 0030).
    awaiting_level = models.CharField(
        gettext_lazy("待审核环节"),
        max_length=20,
        choices=ReviewLevel.choices,
        blank=True,
        default="",
    )
    awaiting_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("待审核单位"),
        db_index=False,  # the reply_awaiting index leads with it
    )
    decided_at = models.DateTimeField(gettext_lazy("审结时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("答复")
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                name="reply_in_review",
                condition=models.Q(status="in_review"),
            ),
            models.Index(
                fields=["awaiting_unit", "awaiting_level", "created_at", "id"],
                name="reply_awaiting",
                condition=models.Q(status="in_review"),
            ),
        ]

    def __str__(self) -> str:
        return _("答复%(pk)s（交办单%(assignment_id)s）") % {
            "pk": self.pk,
            "assignment_id": self.assignment_id,
        }

    @property
    def current_level(self) -> str | None:
        return self.levels[self.level_index] if self.level_index < len(self.levels) else None

    @property
    def current_level_label(self) -> str:
        """The current review level's Chinese name (e.g. 12345平台审核), for pages."""
        level = self.current_level
        return str(ReviewLevel(level).label) if level else ""


class Review(models.Model):
    reply = models.ForeignKey(
        Reply, models.PROTECT, related_name="reviews", verbose_name=gettext_lazy("答复")
    )
    level = models.CharField(gettext_lazy("环节"), max_length=20, choices=ReviewLevel.choices)
    reviewer = models.ForeignKey(
        USER, models.PROTECT, null=True, related_name="+", verbose_name=gettext_lazy("审核人")
    )
    approve = models.BooleanField(gettext_lazy("通过"))
    comment = models.TextField(gettext_lazy("意见"), blank=True)
    at = models.DateTimeField(gettext_lazy("审核时间"))

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("答复审核")

    def __str__(self) -> str:
        return f"{self.get_level_display()}：{_('通过') if self.approve else _('退回')}"


class Callback(models.Model):
    ticket = models.ForeignKey(
        Ticket, models.PROTECT, related_name="callbacks", verbose_name=gettext_lazy("工单")
    )
    main_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="callbacks",
        verbose_name=gettext_lazy("主办单位"),
    )
    result = models.CharField(
        gettext_lazy("回访结果"), max_length=30, choices=CallbackResult.choices
    )
    comment = models.TextField(gettext_lazy("回访意见"), blank=True)
    by = models.ForeignKey(
        USER, models.PROTECT, null=True, related_name="+", verbose_name=gettext_lazy("回访人")
    )
    at = models.DateTimeField(gettext_lazy("回访时间"))

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("回访")
        indexes = [
            models.Index(fields=["main_unit", "at"], name="callback_unit_at"),
            # the assessment's callbacks made in a period, every unit at once (R21): covering
            models.Index(fields=["at", "main_unit", "result"], name="callback_assessed"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}：{self.get_result_display()}"


class Event(Immutable):
    """The record: one row per step, never changed, never deleted."""

    ticket = models.ForeignKey(
        Ticket, models.PROTECT, related_name="events", verbose_name=gettext_lazy("工单")
    )
    assignment = models.ForeignKey(
        Assignment,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=gettext_lazy("交办单"),
    )
    kind = models.CharField(gettext_lazy("事件"), max_length=40, choices=EventKind.choices)
    at = models.DateTimeField(gettext_lazy("时间"))
    actor = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("操作人"),
    )
    actor_name = models.CharField(gettext_lazy("操作人"), max_length=150, blank=True)
    actor_role = models.CharField(gettext_lazy("角色"), max_length=30, blank=True)
    actor_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("单位"),
    )
    data = models.JSONField(gettext_lazy("内容"), default=dict, blank=True)

    immutable_what = "the event log"

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("事件")
        indexes = [
            models.Index(fields=["ticket", "id"], name="event_ticket"),
            models.Index(fields=["kind", "at"], name="event_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.at:%Y-%m-%d %H:%M}"
