"""Knowledge pages in the desk: the administration (documents, one document, import, the most
used answers and the questions that found nothing) and the partials the intake and ticket pages
load (passages + reply script, the model's draft, the "add to case library" button)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiesu.core.errors import JiesuError, NotFound
from jiesu.knowledge import actions, drafting, queries, search
from jiesu.knowledge.choices import DocumentKind, DocumentStatus, SearchChannel
from jiesu.knowledge.models import Document
from jiesu.knowledge.scripts import reply_script
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor, actor_for
from jiesu.tickets import queries as ticket_queries
from jiesu.tickets import workflow

MAX_QUESTION = 500


def _error_page(request, actor: Actor, exc: JiesuError) -> HttpResponse:
    return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=exc.status)


def _guarded(require: Callable[[Actor], None], *, partial: bool = False):
    """A desk view for the people ``require`` (a ``require_*`` of the permission module) lets
    through; the view receives the actor. Anyone else gets the module's refusal: the desk's
    error page, or its bare message for a partial a page loads."""

    def wrap(view):
        @login_required
        @wraps(view)
        def guarded(request, *args, **kwargs):
            actor = actor_for(request.user)
            try:
                require(actor)
            except JiesuError as exc:
                if partial:
                    return HttpResponse(exc.message, status=exc.status)
                return _error_page(request, actor, exc)
            return view(request, actor, *args, **kwargs)

        return guarded

    return wrap


reader_page = _guarded(permissions.require_knowledge_reader)
reader_partial = _guarded(permissions.require_knowledge_reader, partial=True)
manager_page = _guarded(permissions.require_knowledge_manager)


def _page(request) -> int:
    try:
        return min(max(int(request.GET.get("page", "1")), 1), 1000)
    except ValueError:
        return 1


def _question(request) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUESTION]


# --- partials for the intake and ticket pages -------------------------------------------


@reader_partial
def answers(request, actor: Actor):
    """Passages + reply script for the text in ``q`` (the caller's matter)."""
    question = _question(request)
    hits: list[search.Hit] = []
    if question:
        started = time.perf_counter()
        hits = search.search(question, k=5)
        took = int((time.perf_counter() - started) * 1000)
        actions.log_search(question, hits, actor=actor, channel=SearchChannel.DESK, elapsed_ms=took)
    return render(
        request,
        "knowledge/partials/answers.html",
        {
            "question": question,
            "hits": hits,
            "script": reply_script(question, hits) if question else "",
            "top": hits[0] if hits else None,
            "ticket": request.GET.get("ticket", ""),
            "drafts": drafting.configured(),
        },
    )


@reader_partial
def draft(request, actor: Actor):
    """The model's draft, asked for after the page has loaded: never in the way of intake."""
    question = _question(request)
    if not question or not drafting.configured():
        return HttpResponse("")
    hits = search.search(question, k=5)
    return render(
        request,
        "knowledge/partials/draft.html",
        {"draft": drafting.draft(question, hits), "hits": hits, "question": question},
    )


@require_POST
@reader_partial
def use(request, actor: Actor):
    try:
        number = request.POST.get("ticket", "").strip()
        ticket = ticket_queries.get_ticket_for_user(actor, number) if number else None
        actions.record_use(
            passage_id=int(request.POST.get("passage_id", "0") or 0),
            kind=request.POST.get("kind", "script"),
            query=request.POST.get("query", ""),
            ticket=ticket,
            actor=actor,
        )
    except ValueError:
        return HttpResponse(_("段落编号不正确。"), status=422)
    except JiesuError as exc:
        return HttpResponse(exc.message, status=exc.status)
    return HttpResponse(status=204)


@reader_partial
def case(request, actor: Actor, number: str):
    """GET: the "加入案例库" button for a ticket page; POST: add the ticket to the case library
    (``actions.add_case`` asks the permission module)."""
    try:
        ticket = ticket_queries.get_ticket_for_user(actor, number)
        if request.method == "POST":
            doc = actions.add_case(ticket, actor=actor)
            if not request.headers.get("HX-Request"):
                messages.success(request, _("已加入案例库：%(title)s") % {"title": doc.title})
                return redirect("desk:ticket", number=number)
    except JiesuError as exc:
        if request.headers.get("HX-Request") or request.method == "GET":
            return HttpResponse(f'<span class="late">{exc.message}</span>', status=exc.status)
        messages.error(request, exc.message)
        return redirect("desk:ticket", number=number)
    existing = Document.objects.filter(ticket=ticket).first()
    return render(
        request,
        "knowledge/partials/case_button.html",
        {
            "ticket": ticket,
            "existing": existing,
            "refusal": None if existing else actions.case_refusal(ticket),
            "manages": permissions.manages_knowledge(actor),
        },
    )


@reader_page
def ask(request, actor: Actor):
    """Ask the knowledge base directly: the slot the intake page carries, on a page of its own."""
    return render(request, "knowledge/ask.html", {"actor": actor, "question": _question(request)})


# --- administration ------------------------------------------------------------------------


@manager_page
def documents(request, actor: Actor):
    status = request.GET.get("status") or None
    kind = request.GET.get("kind") or None
    status = status if status in DocumentStatus.values else None
    kind = kind if kind in DocumentKind.values else None
    text = request.GET.get("q", "").strip()[:100]
    page = _page(request)
    rows, has_next = queries.document_page(status=status, kind=kind, text=text, page=page)
    return render(
        request,
        "knowledge/documents.html",
        {
            "actor": actor,
            "documents": rows,
            "has_next": has_next,
            "page": page,
            "status": status,
            "kind": kind,
            "text": text,
            "statuses": DocumentStatus.choices,
            "kinds": DocumentKind.choices,
        },
    )


@manager_page
def document(request, actor: Actor, doc_id: int):
    if request.method == "POST":
        verb = request.POST.get("verb", "")
        try:
            if verb == "reindex":
                count = actions.reindex(doc_id, actor=actor)
                messages.success(request, _("已重建索引：%(count)s 个段落。") % {"count": count})
            else:
                doc = actions.change_status(doc_id, verb, actor=actor)
                label = _(actions.VERB_LABELS.get(verb, verb))
                messages.success(
                    request, _("已%(verb)s：%(title)s") % {"verb": label, "title": doc.title}
                )
        except JiesuError as exc:
            messages.error(request, exc.message)
        return redirect("knowledge:document", doc_id=doc_id)
    doc = (
        Document.objects.select_related("source", "superseded_by", "ticket")
        .filter(pk=doc_id)
        .first()
    )
    if doc is None:
        return _error_page(request, actor, NotFound("not_found", _("知识文档不存在。")))
    verbs = [
        (verb, _(label)) for verb, label in actions.VERB_LABELS.items() if workflow.can(doc, verb)
    ]
    return render(
        request,
        "knowledge/document.html",
        {
            "actor": actor,
            "doc": doc,
            "passages": doc.passages.all(),
            "verbs": verbs,
            "uses": doc.uses.count(),
        },
    )


@manager_page
def upload(request, actor: Actor):
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, _("请选择要导入的文件。"))
        for f in files:
            data = f.read()
            if f.name.lower().endswith(".csv"):
                report = actions.import_answers(f.name, data, actor=actor)
            else:
                report = actions.import_file(f.name, data, actor=actor)
            if report.status == "failed":
                messages.error(request, report.message)
            elif report.status == "duplicate":
                messages.info(request, f"{report.name}：{report.message}")
            else:
                messages.success(request, actions.report_summary(report))
        return redirect("knowledge:documents")
    return render(request, "knowledge/import.html", {"actor": actor})


@manager_page
def insights(request, actor: Actor):
    return render(
        request,
        "knowledge/insights.html",
        {"actor": actor, "used": queries.most_used(), "gaps": queries.unanswered()},
    )
