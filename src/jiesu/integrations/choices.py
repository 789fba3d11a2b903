from django.db import models


class Scope(models.TextChoices):
    """What an integration key may do; a key holds one or more."""

    SUBMIT = "submit", "提交诉求"
    READ_OWN = "read_own", "查看本系统提交的诉求"
    REPORT_RESULTS = "report_results", "回传本渠道办理结果"


class Source(models.TextChoices):
    """Outside systems whose tickets come in with their own id (the channel they arrive on)."""

    OPEN311 = "open311", "Open311 应用"
    POLICE110 = "police110", "110 非警务求助转接"
    PROVINCE = "province", "省级12345平台转办"
    APP = "app", "城市 APP/小程序"
