"""The bell (unread count, polled by htmx), the list of one's notifications, and marking them
read. Notifications are written by ``notifications.actions.deliver`` (decision 0021)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jiesu.notifications import actions, queries
from jiesu.organisation.actor import actor_for


@login_required
def bell(request):
    unread = queries.unread_count(request.user.pk)
    return render(request, "desk/partials/bell.html", {"unread": unread})


@login_required
def notification_list(request):
    actor = actor_for(request.user)
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    unread = request.GET.get("unread") == "1"
    rows, has_next = queries.notification_page(actor, unread=unread, page=page)
    context = {"actor": actor, "rows": rows, "has_next": has_next, "page": page, "unread": unread}
    return render(request, "desk/notifications.html", context)


@require_POST
@login_required
def mark_read(request):
    actor = actor_for(request.user)
    ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()]
    actions.mark_read(actor, ids or None)
    target = request.POST.get("next", "")
    if target.startswith("/desk/"):
        return redirect(target)
    return redirect("desk:notifications")
