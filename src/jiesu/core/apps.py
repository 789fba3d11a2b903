from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CoreConfig(AppConfig):
    name = "jiesu.core"
    label = "core"
    verbose_name = gettext_lazy("基础")


class ThrottleConfig(AxesAppConfig):
    """django-axes (the login throttle, decision 0006) under a Chinese name in the admin; its
    own texts are translated in ``jiesu/locale``."""

    verbose_name = gettext_lazy("登录限制")
