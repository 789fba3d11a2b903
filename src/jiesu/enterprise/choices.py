from django.db import models


class Gap(models.TextChoices):
    """Why the problem comes to 兜底办 (seed 004, second document: 无处受理、无先例、无牵头部门)."""

    NOWHERE = "nowhere", "无处受理"
    NO_PRECEDENT = "no_precedent", "无先例"
    NO_LEAD = "no_lead", "无牵头部门"


class CaseStatus(models.TextChoices):
    """问题登记 → 综合受理; coordination, escalation, feedback and rating then follow the
    hotline loop on the case's own ticket (its status says where it stands)."""

    REGISTERED = "registered", "已登记"
    ACCEPTED = "accepted", "已受理"
    DECLINED = "declined", "不予受理"
