from django.db import models


class Reason(models.TextChoices):
    """Why a person is told: new work, a clock, someone waits for them, or work came back."""

    DISPATCHED = "dispatched", "新派单"
    WARNING = "warning", "时限预警"
    OVERDUE = "overdue", "已超期"
    AWAITING = "awaiting", "待您审核"
    CAME_BACK = "came_back", "退回"
    REPORT = "report", "报告"
