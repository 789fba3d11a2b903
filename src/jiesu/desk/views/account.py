"""The person's own password: required after a login with a one-time password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiesu.accounts.actions import password_set
from jiesu.accounts.apps import MUST_SET_PASSWORD
from jiesu.organisation.actor import actor_for


@login_required
def password(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        password_set(user)
        update_session_auth_hash(request, user)
        request.session.pop(MUST_SET_PASSWORD, None)
        messages.success(request, _("密码已修改。"))
        return redirect("desk:list")
    context = {
        "actor": actor_for(request.user),
        "form": form,
        "first_login": request.session.get(MUST_SET_PASSWORD, False),
    }
    return render(request, "desk/password.html", context)
