from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.organisation.models import Region, Unit


class Category(models.Model):
    """An item of the dispatch catalogue (派单目录): industry → matter (R6)."""

    code = models.SlugField(gettext_lazy("编码"), max_length=60, unique=True)
    name = models.CharField(gettext_lazy("名称"), max_length=100)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=gettext_lazy("上级类别"),
    )
    legal_time_limit_days = models.PositiveSmallIntegerField(
        gettext_lazy("法定/承诺办理时限（工作日）"),
        null=True,
        blank=True,
        help_text=gettext_lazy(
            "填写后，答复时限以此为准（不再按诉求类型3/5个工作日），延期总时限也不超过此数，不受15个工作日限制。"
        ),
    )
    utility = models.BooleanField(
        gettext_lazy("水电气要素保障事项"),
        default=False,
        help_text=gettext_lazy("直派要素保障单位并标记紧急（R8）。"),
    )
    active = models.BooleanField(gettext_lazy("启用"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("派单目录")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Route(models.Model):
    """Who owns a category in a region: the default main unit and assisting units.

    A route without region is the city-wide default; a region's own route wins.
    """

    category = models.ForeignKey(
        Category, models.CASCADE, related_name="routes", verbose_name=gettext_lazy("类别")
    )
    region = models.ForeignKey(
        Region,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="routes",
        verbose_name=gettext_lazy("区域"),
    )
    main_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="main_routes", verbose_name=gettext_lazy("主办单位")
    )
    assist_units = models.ManyToManyField(
        Unit, blank=True, related_name="assist_routes", verbose_name=gettext_lazy("协办单位")
    )

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("派单规则")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "region"], name="route_unique_category_region"
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(region__isnull=True),
                name="route_unique_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} @ {self.region or _('全市')} → {self.main_unit}"
