"""The citizen portal's pages (/portal/): thin — parse a form, call an action or a query, show."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jiesu.core.clients import client_key
from jiesu.core.errors import JiesuError
from jiesu.integrations import media as media_files
from jiesu.organisation.actor import actor_for
from jiesu.organisation.models import Region
from jiesu.portal import actions, attachments, challenge, limits, queries
from jiesu.portal.forms import FollowForm, RateForm, SubmitForm
from jiesu.tickets.models import Ticket

_PROOF = "portal_ticket"  # the session key: the number whose query code was shown
_RECEIPT = "portal_receipt"  # the number and code of what this browser just submitted


def _client(request) -> str:
    return client_key(request)


def _status(exc: JiesuError) -> int:
    return 429 if isinstance(exc, limits.TooManyAttempts) else 200


def _submit_form(request):
    regions = list(Region.objects.order_by("code").values_list("code", "name"))
    if request.method == "POST":
        return SubmitForm(request.POST, regions=regions)
    about = request.GET.get("about", "")[:20]
    initial = {"content": _("关于工单 %(about)s 的再次诉求：") % {"about": about} if about else ""}
    return SubmitForm(initial=initial, regions=regions)


def submit(request):
    form = _submit_form(request)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = actions.Submission(
            appeal_type=d["appeal_type"],
            content=d["content"],
            happened_at=d["happened_at"],
            region=d["region"] or None,
            address=d["address"],
            lat=d["lat"],
            lon=d["lon"],
            caller_name=d["caller_name"],
            caller_phone=d["caller_phone"],
            anonymous=d["anonymous"],
            confidential=d["confidential"],
            photos=request.FILES.getlist("photos"),
        )
        try:
            challenge.check(d["token"], d["challenge"], d["website"])
            ticket = actions.submit(data, client=_client(request))
        except JiesuError as exc:
            form.add_error(None, exc.message)
            status = _status(exc)
        else:
            request.session[_RECEIPT] = {"number": ticket.number, "code": ticket.query_code}
            request.session[_PROOF] = ticket.number
            return redirect("portal:done")
    question, token = challenge.new()
    if form.is_bound:  # a fresh question after every failed try
        form.data = form.data.copy()
        form.data["token"], form.data["challenge"] = token, ""
    else:
        form.initial["token"] = token
    context = {"form": form, "question": question}
    return render(request, "portal/submit.html", context, status=status)


def done(request):
    receipt = request.session.get(_RECEIPT)
    if not receipt:
        return redirect("portal:follow")
    return render(request, "portal/done.html", {"receipt": receipt})


def follow(request):
    form = FollowForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ticket = queries.ticket_by_code(d["number"], d["code"], client=_client(request))
        except JiesuError as exc:
            form.add_error(None, exc.message)
            status = _status(exc) if isinstance(exc, limits.TooManyAttempts) else 404
        else:
            request.session[_PROOF] = ticket.number
            return redirect("portal:ticket", number=ticket.number)
    return render(request, "portal/follow.html", {"form": form}, status=status)


def _proven(request, number: str):
    """The ticket whose query code this browser showed, or None."""
    if request.session.get(_PROOF) != number:
        return None
    return Ticket.objects.select_related("primary").filter(number=number).first()


def ticket(request, number: str):
    found = _proven(request, number)
    if found is None:
        return redirect("portal:follow")
    view = queries.public_view(found)
    form = RateForm() if view.may_rate else None
    return render(request, "portal/ticket.html", {"t": view, "form": form})


@require_POST
def rate(request, number: str):
    if _proven(request, number) is None:
        return redirect("portal:follow")
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择满意、基本满意或不满意。"))
        return redirect("portal:ticket", number=number)
    try:
        actions.rate(
            number, result=form.cleaned_data["result"], comment=form.cleaned_data["comment"]
        )
    except JiesuError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("感谢您的评价，已记为本件回访结果。"))
    return redirect("portal:ticket", number=number)


def _viewer(request):
    """Who asks for an attachment: a signed-in desk user, or the citizen whose browser showed
    the ticket's query code (the portal's caller for that one ticket)."""
    if request.user.is_authenticated:
        return actor_for(request.user)
    return actions.portal_actor(request.session.get(_PROOF) or "")


@require_GET
def media(request, kind: str, pk: int):
    """A ticket's attachment, or its thumbnail (``?size=thumb``), under the ticket's rule."""
    try:
        stored, content_type = attachments.get_file_for(_viewer(request), kind, pk)
        with stored.open("rb") as handle:
            data = handle.read()
    except JiesuError:
        raise Http404 from None
    except OSError:  # the row is there, the file is not (a restored database without media)
        raise Http404 from None
    if request.GET.get("size") == "thumb":
        small = media_files.thumbnail(data)
        if small is not None:
            data, content_type = small, "image/jpeg"
    response = HttpResponse(data, content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
