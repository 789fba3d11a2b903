from django.db import models
from django.utils.translation import gettext_lazy


class Gap(models.TextChoices):
    """Why the problem comes to 兜底办 (seed 004, second document: 无处受理、无先例、无牵头部门)."""

    NOWHERE = "nowhere", gettext_lazy("无处受理")
    NO_PRECEDENT = "no_precedent", gettext_lazy("无先例")
    NO_LEAD = "no_lead", gettext_lazy("无牵头部门")


class CaseStatus(models.TextChoices):
    """问题登记 → 综合受理; coordination, escalation, feedback and rating then follow the
    hotline loop on the case's own ticket (its status says where it stands)."""

    REGISTERED = "registered", gettext_lazy("已登记")
    ACCEPTED = "accepted", gettext_lazy("已受理")
    DECLINED = "declined", gettext_lazy("不予受理")
