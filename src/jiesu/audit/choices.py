from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadChannel(models.TextChoices):
    """Where the unmasked personal data was shown."""

    API = "api", _("接口")
    DESK = "desk", _("工作台页面")
