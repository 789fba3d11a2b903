from django.db import models
from django.utils.translation import gettext_lazy


class Scope(models.TextChoices):
    """What an integration key may do; a key holds one or more."""

    SUBMIT = "submit", gettext_lazy("提交诉求")
    READ_OWN = "read_own", gettext_lazy("查看本系统提交的诉求")
    REPORT_RESULTS = "report_results", gettext_lazy("回传本渠道办理结果")


class Source(models.TextChoices):
    """Outside systems whose tickets come in with their own id (the channel they arrive on)."""

    OPEN311 = "open311", gettext_lazy("Open311 应用")
    POLICE110 = "police110", gettext_lazy("110 非警务求助转接")
    PROVINCE = "province", gettext_lazy("省级12345平台转办")
    APP = "app", gettext_lazy("城市 APP/小程序")
