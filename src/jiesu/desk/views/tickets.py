"""The ticket list, the ticket page and the ticket forms. Server-rendered desks: the same queries and actions as the API, in Chinese pages. Every form
fetches what it acts on through the same permission-checked accessor as the API before calling
the action, and a page offers only the actions the permission module and the workflow allow."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiesu.audit.actions import record_personal_data_read
from jiesu.audit.choices import ReadChannel
from jiesu.core.errors import JiesuError
from jiesu.core.paging import MAX_PAGE
from jiesu.organisation import permissions
from jiesu.organisation.actor import actor_for
from jiesu.tickets import actions, queries, workflow
from jiesu.tickets.actions.dispatch import dispatchable
from jiesu.tickets.actions.intake import answerable_online
from jiesu.tickets.choices import AssignmentStatus, ReplyStatus, TicketStatus
from jiesu.tickets.models import Assignment, Reply
from jiesu.tickets.serializers import assignment_dict, event_dict, ticket_dict

from ..forms import CallbackForm, DispatchForm, ReviewForm, TextForm
from .common import form_data, run_action


@login_required
def ticket_list(request):
    actor = actor_for(request.user)
    status = request.GET.get("status") or None
    if status not in TicketStatus.values:
        status = None  # a hand-edited address shows everything rather than an error page
    overdue = True if request.GET.get("overdue") == "1" else None
    try:
        page = min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1
    now = timezone.now()
    rows, has_next = queries.ticket_page(
        actor, status=status, overdue=overdue, page=page, page_size=30
    )
    return render(
        request,
        "desk/list.html",
        {
            "actor": actor,
            "tickets": [ticket_dict(t, actor, now, full=False) for t in rows],
            "statuses": TicketStatus.choices,
            "status": status,
            "overdue": overdue,
            "page": page,
            "has_next": has_next,
        },
    )


@login_required
def ticket_detail(request, number: str):
    actor = actor_for(request.user)
    try:
        ticket = queries.get_ticket_for_user(actor, number)
    except JiesuError as exc:
        return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=exc.status)
    now = timezone.now()
    record_personal_data_read(actor=actor, ticket=ticket, channel=ReadChannel.DESK, now=now)
    assignments = list(
        Assignment.objects.filter(ticket=ticket).select_related("unit").order_by("id")
    )
    pending_replies = list(
        Reply.objects.filter(
            assignment__ticket=ticket, status=ReplyStatus.IN_REVIEW
        ).select_related("assignment__unit", "assignment__parent")
    )
    return render(
        request,
        "desk/detail.html",
        {
            "actor": actor,
            "ticket": ticket,
            "t": ticket_dict(ticket, actor, now, assignments=assignments),
            "offer": _offer(actor, ticket),
            "mine": [
                assignment_dict(a, now)
                for a in assignments
                if permissions.may(actor, "sign", unit_id=a.unit_id)
                and a.status in (AssignmentStatus.PENDING_SIGN, AssignmentStatus.HANDLING)
            ],
            "replies": [
                r for r in pending_replies if permissions.may_review(actor, r, r.assignment)
            ],
            "events": [event_dict(e) for e in queries.visible_events(actor, ticket)],
            "dispatch_form": DispatchForm(),
            "text_form": TextForm(),
            "review_form": ReviewForm(),
            "callback_form": CallbackForm(),
        },
    )


def _offer(actor, ticket) -> dict[str, bool]:
    """The ticket forms this person may use now: asked of the permission module and the workflow."""
    return {
        "dispatch": permissions.may(actor, "dispatch")
        and workflow.can(ticket, "dispatch")
        and dispatchable(ticket),
        "answer_online": permissions.may(actor, "answer_online")
        and workflow.can(ticket, "answer_online")
        and answerable_online(ticket),
        # an answer waits for its callback: replied, drawn from the online answers, or merged
        "callback": permissions.may(actor, "callback") and ticket.awaiting_callback,
    }


@login_required
@require_POST
def do_dispatch(request, number: str):
    d = form_data(DispatchForm, request)
    assists = [
        c.strip() for c in d.get("assist_units", "").replace("，", ",").split(",") if c.strip()
    ]
    return run_action(
        request,
        number,
        lambda actor: queries.get_ticket_for_user(actor, number),
        lambda actor: actions.dispatch_ticket(
            number, main_unit=d.get("main_unit") or None, assist_units=assists or None, actor=actor
        ),
        "已派单。",
    )


@login_required
@require_POST
def do_sign(request, number: str, assignment_id: int):
    return run_action(
        request,
        number,
        lambda actor: queries.get_assignment_for_user(actor, assignment_id),
        lambda actor: actions.sign_assignment(assignment_id, actor=actor),
        "已签收。",
    )


@login_required
@require_POST
def do_reply(request, number: str, assignment_id: int):
    content = request.POST.get("content", "")
    return run_action(
        request,
        number,
        lambda actor: queries.get_assignment_for_user(actor, assignment_id),
        lambda actor: actions.submit_reply(assignment_id, content, actor=actor),
        "答复已提交审核。",
    )


@login_required
@require_POST
def do_review(request, number: str, reply_id: int):
    d = form_data(ReviewForm, request)
    return run_action(
        request,
        number,
        lambda actor: queries.get_reply_for_user(actor, reply_id),
        lambda actor: actions.review_reply(
            reply_id, approve=bool(d.get("approve")), comment=d.get("comment", ""), actor=actor
        ),
        "审核意见已提交。",
    )


@login_required
@require_POST
def do_answer_online(request, number: str):
    content = request.POST.get("content", "")
    return run_action(
        request,
        number,
        lambda actor: queries.get_ticket_for_user(actor, number),
        lambda actor: actions.answer_online(number, content, actor=actor),
        "已在线直办答复。",
    )


@login_required
@require_POST
def do_callback(request, number: str):
    d = form_data(CallbackForm, request)
    return run_action(
        request,
        number,
        lambda actor: queries.get_ticket_for_user(actor, number),
        lambda actor: actions.callback_ticket(
            number, result=d.get("result", ""), comment=d.get("comment", ""), actor=actor
        ),
        "回访已记录。",
    )
