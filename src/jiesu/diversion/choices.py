from django.db import models


class DiversionChannel(models.TextChoices):
    """Where a D-class request goes when it is outside 12345's scope (R12)."""

    XINFANG = "xinfang", "信访平台（历史遗留信访问题）"
    ZONGZHI = "zongzhi", "综治平台（涉法涉诉问题）"
    JW12388 = "jw12388", "纪检监察12388（举报干部问题）"
    ENTERPRISE101 = "enterprise101", "“101”涉企闭环解决机制"
    POLICE110 = "police110", "110（警情）"
