from django.db import models
from django.utils.translation import gettext_lazy as _


class DiversionChannel(models.TextChoices):
    """Where a D-class request goes when it is outside 12345's scope (R12)."""

    XINFANG = "xinfang", _("信访平台（历史遗留信访问题）")
    ZONGZHI = "zongzhi", _("综治平台（涉法涉诉问题）")
    JW12388 = "jw12388", _("纪检监察12388（举报干部问题）")
    ENTERPRISE101 = "enterprise101", _("“101”涉企闭环解决机制")
    POLICE110 = "police110", _("110（警情）")


class DeliveryKind(models.TextChoices):
    """What a webhook carries: a diverted ticket to the system that owns it (R12), or a step of a
    ticket to a city app that follows tickets."""

    HANDOFF = "handoff", _("分流移交")
    FOLLOW = "follow", _("工单动态推送")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待投递")
    DELIVERED = "delivered", _("已送达")
    DEAD = "dead", _("投递失败（死信）")


class FollowedEvent(models.TextChoices):
    """The ticket steps a city app can follow (``JIESU_WEBHOOK_EVENTS``)."""

    DISPATCHED = "dispatched", _("已派单")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")
