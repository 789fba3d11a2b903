from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The session key that holds "this person logged in with a one-time password".
MUST_SET_PASSWORD = "jiesu_must_set_password"


class AccountsConfig(AppConfig):
    name = "jiesu.accounts"
    verbose_name = _("账号")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(remember_one_time_password, dispatch_uid="jiesu-one-time-password")


def remember_one_time_password(sender, request, user, **kwargs):
    """At login, read once whether the password was handed out; the desk's middleware then
    reads the session alone (no query per request)."""
    from jiesu.accounts.actions import must_set_password

    if request is not None and hasattr(request, "session") and must_set_password(user):
        request.session[MUST_SET_PASSWORD] = True
