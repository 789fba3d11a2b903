from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    """Why a person is told: new work, a clock, someone waits for them, or work came back."""

    DISPATCHED = "dispatched", _("新派单")
    WARNING = "warning", _("时限预警")
    OVERDUE = "overdue", _("已超期")
    AWAITING = "awaiting", _("待您审核")
    CAME_BACK = "came_back", _("退回")
    REPORT = "report", _("报告")
