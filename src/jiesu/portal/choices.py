from django.db import models
from django.utils.translation import gettext_lazy


class AttemptKind(models.TextChoices):
    """What the portal counts per client to hold back bots and guessers."""

    SUBMIT = "submit", gettext_lazy("提交诉求")
    LOOKUP_FAILED = "lookup_failed", gettext_lazy("查询码错误")


class Rating(models.TextChoices):
    """The three answers a citizen gives to the portal's 评价 (the callback's reached results)."""

    SATISFIED = "satisfied", gettext_lazy("满意")
    BASICALLY_SATISFIED = "basically_satisfied", gettext_lazy("基本满意")
    UNSATISFIED = "unsatisfied", gettext_lazy("不满意")
