from django.db import models
from django.utils.translation import gettext_lazy as _


class Trend(models.TextChoices):
    """What the weekly hotspot report marks on an item (DESIGN §7, R9)."""

    RISING = "rising", _("趋势性")  # well above its 4-week average
    NEW = "new", _("苗头性")  # nothing in the 4 weeks before, now at least the minimum


class Dimension(models.TextChoices):
    """What an item of the report counts by."""

    CATEGORY = "category", _("类别")
    REGION = "region", _("区域")
    CATEGORY_REGION = "category_region", _("类别×区域")


class ReportKind(models.TextChoices):
    """What the report archive holds (以周报、月报、专报等形式呈报)."""

    WEEKLY = "weekly", _("周报")
    MONTHLY = "monthly", _("月报")
    SPECIAL = "special", _("专报")
