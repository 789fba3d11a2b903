from django.db import models


class Trend(models.TextChoices):
    """What the weekly hotspot report marks on an item (DESIGN §7, R9)."""

    RISING = "rising", "趋势性"  # well above its 4-week average
    NEW = "new", "苗头性"  # nothing in the 4 weeks before, now at least the minimum


class Dimension(models.TextChoices):
    """What an item of the report counts by."""

    CATEGORY = "category", "类别"
    REGION = "region", "区域"
    CATEGORY_REGION = "category_region", "类别×区域"
