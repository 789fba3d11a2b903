from django.db import models
from django.utils.translation import gettext_lazy as _


class EscalationLevel(models.TextChoices):
    """The ladder of 提级协调 (R18): the main unit's leadership first, then the city government."""

    UNIT_LEADERSHIP = "unit_leadership", _("承办单位领导高位协调")
    CITY_GOVERNMENT = "city_government", _("提请市政府统筹研究")


ESCALATION_LADDER = (EscalationLevel.UNIT_LEADERSHIP, EscalationLevel.CITY_GOVERNMENT)
