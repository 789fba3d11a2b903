from django.db import models


class AttemptKind(models.TextChoices):
    """What the portal counts per client to hold back bots and guessers."""

    SUBMIT = "submit", "提交诉求"
    LOOKUP_FAILED = "lookup_failed", "查询码错误"


class Rating(models.TextChoices):
    """The three answers a citizen gives to the portal's 评价 (the callback's reached results)."""

    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"
