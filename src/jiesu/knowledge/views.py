"""Knowledge pages in the desk: the administration (documents, one document, import, the most
used answers and the questions that found nothing) and the partials the intake and ticket pages
load (passages + reply script, the model's draft, the "add to case library" button)."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jiesu.core.errors import JiesuError
from jiesu.knowledge import actions, drafting, queries, search
from jiesu.knowledge.choices import DocumentKind, DocumentStatus, SearchChannel
from jiesu.knowledge.models import Document
from jiesu.knowledge.scripts import reply_script
from jiesu.organisation import permissions
from jiesu.organisation.actor import actor_for
from jiesu.tickets import queries as ticket_queries
from jiesu.tickets import workflow

MAX_QUESTION = 500


def _refused(request, actor, exc: JiesuError):
    return render(request, "desk/error.html", {"actor": actor, "error": exc}, status=exc.status)


def _page(request) -> int:
    try:
        return min(max(int(request.GET.get("page", "1")), 1), 1000)
    except ValueError:
        return 1


# --- partials for the intake and ticket pages -------------------------------------------


@login_required
def answers(request):
    """Passages + reply script for the text in ``q`` (the caller's matter)."""
    actor = actor_for(request.user)
    try:
        permissions.require_knowledge_reader(actor)
    except JiesuError as exc:
        return HttpResponse(exc.message, status=exc.status)
    question = request.GET.get("q", "").strip()[:MAX_QUESTION]
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


@login_required
def draft(request):
    """The model's draft, asked for after the page has loaded: never in the way of intake."""
    actor = actor_for(request.user)
    question = request.GET.get("q", "").strip()[:MAX_QUESTION]
    if not permissions.reads_knowledge(actor) or not question or not drafting.configured():
        return HttpResponse("")
    hits = search.search(question, k=5)
    return render(
        request,
        "knowledge/partials/draft.html",
        {"draft": drafting.draft(question, hits), "hits": hits, "question": question},
    )


@login_required
@require_POST
def use(request):
    actor = actor_for(request.user)
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
        return HttpResponse("段落编号不正确。", status=422)
    except JiesuError as exc:
        return HttpResponse(exc.message, status=exc.status)
    return HttpResponse(status=204)


@login_required
def case(request, number: str):
    """GET: the "加入案例库" button for a ticket page; POST: add the ticket to the case library."""
    actor = actor_for(request.user)
    try:
        ticket = ticket_queries.get_ticket_for_user(actor, number)
        if request.method == "POST":
            doc = actions.add_case(ticket, actor=actor)
            if not request.headers.get("HX-Request"):
                messages.success(request, f"已加入案例库：{doc.title}")
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


@login_required
def ask(request):
    """Ask the knowledge base directly: the slot the intake page carries, on a page of its own."""
    actor = actor_for(request.user)
    if not permissions.reads_knowledge(actor):
        return _refused(
            request,
            actor,
            JiesuError("forbidden", "只有热线平台和承办单位的工作人员可以查询知识库。", status=403),
        )
    return render(
        request,
        "knowledge/ask.html",
        {"actor": actor, "question": request.GET.get("q", "")[:MAX_QUESTION]},
    )


# --- administration ------------------------------------------------------------------------


@login_required
def documents(request):
    actor = actor_for(request.user)
    if not permissions.manages_knowledge(actor):
        return _refused(
            request,
            actor,
            JiesuError("forbidden", "只有12345平台人员或管理员可以维护知识库。", status=403),
        )
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


@login_required
def document(request, doc_id: int):
    actor = actor_for(request.user)
    if not permissions.manages_knowledge(actor):
        return _refused(
            request,
            actor,
            JiesuError("forbidden", "只有12345平台人员或管理员可以维护知识库。", status=403),
        )
    if request.method == "POST":
        verb = request.POST.get("verb", "")
        try:
            if verb == "reindex":
                count = actions.reindex(doc_id, actor=actor)
                messages.success(request, f"已重建索引：{count} 个段落。")
            else:
                doc = actions.change_status(doc_id, verb, actor=actor)
                messages.success(request, f"已{actions.VERB_LABELS.get(verb, verb)}：{doc.title}")
        except JiesuError as exc:
            messages.error(request, exc.message)
        return redirect("knowledge:document", doc_id=doc_id)
    doc = (
        Document.objects.select_related("source", "superseded_by", "ticket")
        .filter(pk=doc_id)
        .first()
    )
    if doc is None:
        return _refused(request, actor, JiesuError("not_found", "知识文档不存在。", status=404))
    verbs = [
        (verb, label) for verb, label in actions.VERB_LABELS.items() if workflow.can(doc, verb)
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


@login_required
def upload(request):
    actor = actor_for(request.user)
    if not permissions.manages_knowledge(actor):
        return _refused(
            request,
            actor,
            JiesuError("forbidden", "只有12345平台人员或管理员可以维护知识库。", status=403),
        )
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, "请选择要导入的文件。")
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
                messages.success(
                    request,
                    f"{report.name}：新增 {report.created} 篇，未变 {report.unchanged} 篇，"
                    f"替代旧版本 {report.superseded} 篇。",
                )
        return redirect("knowledge:documents")
    return render(request, "knowledge/import.html", {"actor": actor})


@login_required
def insights(request):
    actor = actor_for(request.user)
    if not permissions.manages_knowledge(actor):
        return _refused(
            request,
            actor,
            JiesuError("forbidden", "只有12345平台人员或管理员可以维护知识库。", status=403),
        )
    return render(
        request,
        "knowledge/insights.html",
        {"actor": actor, "used": queries.most_used(), "gaps": queries.unanswered()},
    )
