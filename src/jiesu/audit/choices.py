from django.db import models


class ReadChannel(models.TextChoices):
    """Where the unmasked personal data was shown."""

    API = "api", "接口"
    DESK = "desk", "工作台页面"
