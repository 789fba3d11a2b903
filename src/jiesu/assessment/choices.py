from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentFigure(models.TextChoices):
    """The assignment counts behind the sign and completion rates (DESIGN §6), each one a
    drill-down from a figure on a report to the assignments it counts."""

    POPULATION = "population", _("期内派单（不含已退回、已撤回）")
    SIGN_DUE = "sign_due", _("签收应计")
    SIGNED_ON_TIME = "signed_on_time", _("按时签收")
    SIGN_LATE = "sign_late", _("签收超期")
    SIGN_NOT_YET_DUE = "sign_not_yet_due", _("签收未到期")
    COMPLETION_DUE = "completion_due", _("办结应计")
    COMPLETED_ON_TIME = "completed_on_time", _("按时办结")
    COMPLETION_LATE = "completion_late", _("办结超期")
    COMPLETION_NOT_YET_DUE = "completion_not_yet_due", _("办结未到期")


class CallbackFigure(models.TextChoices):
    """The callback counts behind the satisfaction rate, counted for the main unit."""

    CALLBACKS = "callbacks", _("期内回访")
    REACHED = "reached", _("回访联系上")
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")
    UNREACHED = "unreached", _("未联系上")
