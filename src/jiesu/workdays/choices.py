"""Choices of the working-day calendar (API values in English, labels in Chinese)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy


class DayKind(models.TextChoices):
    WORKDAY = "workday", gettext_lazy("工作日")
    WEEKEND = "weekend", gettext_lazy("周末")
    HOLIDAY = "holiday", gettext_lazy("法定节假日")
    MAKEUP_WORKDAY = "makeup_workday", gettext_lazy("调休上班")


class DaySource(models.TextChoices):
    SEED = "seed", gettext_lazy("预置（chinese-calendar）")
    IMPORT = "import", gettext_lazy("文件导入")
    ADMIN = "admin", gettext_lazy("管理员修改")


def kind_for(day: date, is_workday: bool, name: str = "") -> DayKind:
    """The kind of a day from whether it is worked, its weekday and its holiday name.

    A worked Saturday/Sunday is a make-up working day (调休上班); a day off from Monday to Friday
    is a holiday; a Saturday/Sunday off is a holiday when it carries a holiday name (e.g. the
    Sunday inside the Spring Festival break), otherwise an ordinary weekend.
    """
    weekend = day.weekday() >= 5
    if is_workday:
        return DayKind.MAKEUP_WORKDAY if weekend else DayKind.WORKDAY
    if not weekend or name:
        return DayKind.HOLIDAY
    return DayKind.WEEKEND


#: Monday first, as ``date.weekday()`` counts
WEEKDAY_NAMES = (
    gettext_lazy("周一"),
    gettext_lazy("周二"),
    gettext_lazy("周三"),
    gettext_lazy("周四"),
    gettext_lazy("周五"),
    gettext_lazy("周六"),
    gettext_lazy("周日"),
)
