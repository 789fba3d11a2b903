from django.db import models


class DiversionChannel(models.TextChoices):
    """Where a D-class request goes when it is outside 12345's scope (R12)."""

    XINFANG = "xinfang", "信访平台（历史遗留信访问题）"
    ZONGZHI = "zongzhi", "综治平台（涉法涉诉问题）"
    JW12388 = "jw12388", "纪检监察12388（举报干部问题）"
    ENTERPRISE101 = "enterprise101", "“101”涉企闭环解决机制"
    POLICE110 = "police110", "110（警情）"


class DeliveryKind(models.TextChoices):
    """What a webhook carries: a diverted ticket to the system that owns it (R12), or a step of a
    ticket to a city app that follows tickets."""

    HANDOFF = "handoff", "分流移交"
    FOLLOW = "follow", "工单动态推送"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待投递"
    DELIVERED = "delivered", "已送达"
    DEAD = "dead", "投递失败（死信）"


class FollowedEvent(models.TextChoices):
    """The ticket steps a city app can follow (``JIESU_WEBHOOK_EVENTS``)."""

    DISPATCHED = "dispatched", "已派单"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"
