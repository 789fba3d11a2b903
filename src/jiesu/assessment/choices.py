from django.db import models


class AssignmentFigure(models.TextChoices):
    """The assignment counts behind the sign and completion rates (DESIGN §6), each one a
    drill-down from a figure on a report to the assignments it counts."""

    POPULATION = "population", "期内派单（不含已退回、已撤回）"
    SIGN_DUE = "sign_due", "签收应计"
    SIGNED_ON_TIME = "signed_on_time", "按时签收"
    SIGN_LATE = "sign_late", "签收超期"
    SIGN_NOT_YET_DUE = "sign_not_yet_due", "签收未到期"
    COMPLETION_DUE = "completion_due", "办结应计"
    COMPLETED_ON_TIME = "completed_on_time", "按时办结"
    COMPLETION_LATE = "completion_late", "办结超期"
    COMPLETION_NOT_YET_DUE = "completion_not_yet_due", "办结未到期"


class CallbackFigure(models.TextChoices):
    """The callback counts behind the satisfaction rate, counted for the main unit."""

    CALLBACKS = "callbacks", "期内回访"
    REACHED = "reached", "回访联系上"
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"
    UNREACHED = "unreached", "未联系上"
