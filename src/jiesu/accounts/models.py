"""What a desk account holds beyond Django's user: the phone of the person, and whether the
password they hold was handed out (a one-time password they must replace at first login,
decision 0022)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Account(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="account", verbose_name=_("用户")
    )
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    must_set_password = models.BooleanField(_("首次登录须改密码"), default=False)
    password_issued_at = models.DateTimeField(_("一次性密码发放时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("账号")

    def __str__(self) -> str:
        return str(self.user_id)
