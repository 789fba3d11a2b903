"""The verbs of the knowledge base: import files and answered questions, change a document's
status (expire, disable, enable), re-index, add a closed ticket to the case library, record the
suggestion an operator used and the question asked. Each runs in one transaction; a bad file
changes nothing and is reported by name."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import JiesuError, NotFound
from jiesu.knowledge import extract, gazette, index, repair, search
from jiesu.knowledge import workflow as knowledge_workflow
from jiesu.knowledge.choices import DocumentKind, DocumentStatus, SearchChannel, UseKind
from jiesu.knowledge.corpus import (
    ANSWER_MARK,
    CALLER_MASK,
    CASE_ANSWER_MARK,
    CASE_REQUEST_MARK,
    DATE_IN,
    QA_COLUMNS,
    QUESTION_MARK,
)
from jiesu.knowledge.models import AnswerUse, Document, Passage, SearchLog, Source
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import workflow
from jiesu.tickets.choices import CallbackResult, ReplyStatus, TicketStatus
from jiesu.tickets.models import Reply, Ticket

#: (status, verb) → status: what an administrator may do to a document (R11's knowledge base).
#: the administrator's verbs and their labels, from the document's workflow table
VERB_LABELS = {
    verb: knowledge_workflow.DOCUMENT_STEPS[verb].label for verb in knowledge_workflow.VERBS
}
SATISFIED = {CallbackResult.SATISFIED, CallbackResult.BASICALLY_SATISFIED}
PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)|(?<!\d)\d{3,4}-?\d{7,8}(?!\d)")


@dataclass
class ImportReport:
    name: str
    status: str  # imported / duplicate / failed
    created: int = 0
    unchanged: int = 0
    superseded: int = 0
    message: str = ""
    titles: list[str] = field(default_factory=list)


def report_summary(report: ImportReport) -> str:
    """One line for the desk and the CLI: what an import created, left and replaced."""
    return _(
        "%(name)s：新增 %(created)s 篇，未变 %(unchanged)s 篇，替代旧版本 %(superseded)s 篇。"
    ) % {
        "name": report.name,
        "created": report.created,
        "unchanged": report.unchanged,
        "superseded": report.superseded,
    }


def _sha(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def _user_id(actor: Actor) -> int | None:
    return actor.user_id


def _store(
    *,
    source: Source | None,
    kind: str,
    title: str,
    body_paragraphs: list[str],
    now: datetime,
    actor: Actor,
    report: ImportReport,
    doc_number: str = "",
    issuer: str = "",
    when: date | None = None,
    attachments: list[str] | None = None,
    key: str = "",
    ticket: Ticket | None = None,
    count_terms: bool = True,
) -> Document | None:
    """One document: skipped when the same version is there; a newer version supersedes."""
    body = "\n".join(body_paragraphs)
    key = (key or doc_number or f"{issuer}|{title}")[:300]
    digest = _sha(f"{title}\n{body}")
    same_key = list(Document.objects.select_for_update().filter(key=key, kind=kind))
    if any(d.content_hash == digest for d in same_key):
        report.unchanged += 1
        return None
    doc = Document.objects.create(
        source=source,
        kind=kind,
        key=key,
        title=title[:300],
        doc_number=doc_number[:80],
        issuer=issuer[:120],
        date=when,
        attachments=attachments or [],
        body=body,
        content_hash=digest,
        ticket=ticket,
        created_at=now,
        created_by_id=_user_id(actor),
    )
    current = [d for d in same_key if d.status != DocumentStatus.SUPERSEDED]
    for old in current:
        older = old.date is None or when is None or old.date <= when
        loser, winner = (old, doc) if older else (doc, old)
        fields = workflow.move(loser, "supersede")
        loser.superseded_by = winner
        loser.status_changed_at = now
        loser.save(update_fields=[*fields, "superseded_by", "status_changed_at"])
        report.superseded += 1
    index.write_passages(doc, body_paragraphs, count_terms=count_terms)
    report.created += 1
    report.titles.append(doc.title)
    return doc


def import_file(
    name: str, data: bytes, *, actor: Actor, now: datetime | None = None
) -> ImportReport:
    """Import one file (.txt/.pdf/.docx/.html): every document in it, once."""
    permissions.require_knowledge_manager(actor)
    now = now or timezone.now()
    report = ImportReport(name=name, status="imported")
    digest = _sha(data)
    try:
        with transaction.atomic():
            if Source.objects.filter(sha256=digest).exists():
                report.status = "duplicate"
                report.message = _("同一文件已导入过，未重复导入。")
                return report
            text = extract.read_text(name, data)
            parsed = gazette.split(repair.paragraphs(text), fallback_title=Path(name).stem)
            if not parsed:
                raise extract.UnreadableFile("empty_file", _("没有找到可导入的正文。"), name=name)
            source = Source.objects.create(
                name=name[:255], sha256=digest, imported_at=now, imported_by_id=_user_id(actor)
            )
            for p in parsed:
                _store(
                    source=source,
                    kind=DocumentKind.POLICY,
                    title=p.title,
                    body_paragraphs=p.paragraphs,
                    doc_number=p.doc_number,
                    issuer=p.issuer,
                    when=p.date,
                    attachments=p.attachments,
                    now=now,
                    actor=actor,
                    report=report,
                )
            source.document_count = report.created
            source.save(update_fields=["document_count"])
    except JiesuError as exc:
        return ImportReport(name=name, status="failed", message=exc.message)
    search.forget_stats()
    return report


def import_paths(
    paths: Iterable[Path], *, actor: Actor, progress: Callable[[Path], None] | None = None
) -> list[ImportReport]:
    reports = []
    for path in paths:
        if progress:
            progress(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            reports.append(
                ImportReport(
                    path.name,
                    "failed",
                    message=_("%(name)s：无法读取文件（%(error)s）。")
                    % {"name": path.name, "error": exc},
                )
            )
            continue
        reports.append(import_file(path.name, data, actor=actor))
    return reports


# --- questions and answers (FAQ, answered tickets) ---------------------------------------


def _column(header: list[str], field_name: str) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    return next((lowered[c] for c in QA_COLUMNS[field_name] if c in lowered), None)


def _parse_date(text: str) -> date | None:
    m = DATE_IN.search(text or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def import_answers(
    name: str,
    data: bytes,
    *,
    actor: Actor,
    kind: str = DocumentKind.ANSWERED,
    limit: int | None = None,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """A CSV of answered questions (FAQ or past replies): one document per row."""
    permissions.require_knowledge_manager(actor)
    now = now or timezone.now()
    report = ImportReport(name=name, status="imported")
    try:
        text = extract._decode(name, data)
        reader = csv.DictReader(io.StringIO(text))
        header = reader.fieldnames or []
        cols = {f: _column(header, f) for f in QA_COLUMNS}
        if not cols["question"] or not cols["answer"]:
            raise extract.UnreadableFile(
                "bad_csv",
                _("CSV 须有问题列（question/subject）和答复列（answer/reply）。"),
                name=name,
            )
        with transaction.atomic():
            digest = _sha(data)
            if Source.objects.filter(sha256=digest).exists():
                report.status = "duplicate"
                report.message = _("同一文件已导入过，未重复导入。")
                return report
            source = Source.objects.create(
                name=name[:255], sha256=digest, imported_at=now, imported_by_id=_user_id(actor)
            )
            for n, row in enumerate(reader):
                if limit is not None and n >= limit:
                    break
                question = (row.get(cols["question"]) or "").strip()
                answer = (row.get(cols["answer"]) or "").strip()
                if not question or not answer:
                    continue
                detail = (row.get(cols["detail"]) or "").strip() if cols["detail"] else ""
                row_id = (row.get(cols["id"]) or "").strip() if cols["id"] else ""
                asked = QUESTION_MARK + question + (f"\n{detail}" if detail else "")
                _store(
                    source=source,
                    kind=kind,
                    title=question,
                    body_paragraphs=[asked, ANSWER_MARK + answer],
                    when=_parse_date(row.get(cols["date"]) or "") if cols["date"] else None,
                    key=f"{kind}:{row_id or _sha(question)[:16]}",
                    now=now,
                    actor=actor,
                    report=report,
                    count_terms=False,
                )
                if progress:
                    progress(n)
            source.document_count = report.created
            source.save(update_fields=["document_count"])
            index.rebuild_terms()
    except JiesuError as exc:
        return ImportReport(name=name, status="failed", message=exc.message)
    except csv.Error as exc:
        return ImportReport(
            name=name,
            status="failed",
            message=_("%(name)s：CSV 格式不正确（%(error)s）。") % {"name": name, "error": exc},
        )
    search.forget_stats()
    return report


# --- the case library ----------------------------------------------------------------------


def _final_answer(ticket: Ticket) -> str:
    if ticket.answer:
        return ticket.answer
    reply = (
        Reply.objects.filter(assignment__ticket=ticket, status=ReplyStatus.APPROVED)
        .order_by("-decided_at", "-id")
        .first()
    )
    return reply.content if reply else ""


def _mask(text: str, ticket: Ticket) -> str:
    text = PHONE.sub("***", text)
    if ticket.caller_name:
        text = text.replace(ticket.caller_name, CALLER_MASK)
    return text


def case_refusal(ticket: Ticket) -> str | None:
    """Why this ticket cannot join the case library (None: it can)."""
    if Document.objects.filter(ticket=ticket).exists():
        return _("该工单已在案例库中。")
    if ticket.status != TicketStatus.CLOSED:
        return _("只有已办结的工单可以加入案例库。")
    last = ticket.callbacks.exclude(result=CallbackResult.UNREACHED).order_by("-at", "-id").first()
    if last is None or last.result not in SATISFIED:
        return _("只有回访满意或基本满意的工单可以加入案例库。")
    if not _final_answer(ticket):
        return _("该工单没有答复内容，无法作为案例。")
    return None


def add_case(ticket: Ticket, *, actor: Actor, now: datetime | None = None) -> Document:
    """A closed ticket with a satisfied callback becomes a case (企业帮扶案例集, R11)."""
    permissions.require_knowledge_manager(actor)
    now = now or timezone.now()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        refusal = case_refusal(ticket)
        if refusal:
            raise JiesuError("case_refused", refusal, status=409)
        report = ImportReport(name=ticket.number, status="imported")
        category = ticket.category.name if ticket.category_id else ""
        doc = _store(
            source=None,
            kind=DocumentKind.CASE,
            title=ticket.subject,
            body_paragraphs=[
                CASE_REQUEST_MARK + _mask(ticket.content, ticket),
                CASE_ANSWER_MARK + _mask(_final_answer(ticket), ticket),
            ],
            issuer=category,
            when=timezone.localdate(ticket.closed_at) if ticket.closed_at else None,
            key=f"case:{ticket.number}",
            ticket=ticket,
            now=now,
            actor=actor,
            report=report,
        )
        assert doc is not None  # a ticket joins once: refused above otherwise
    search.forget_stats()
    return doc


# --- status, re-index ----------------------------------------------------------------------


def change_status(doc_id: int, verb: str, *, actor: Actor, now: datetime | None = None) -> Document:
    permissions.require_knowledge_manager(actor)
    now = now or timezone.now()
    with transaction.atomic():
        doc = Document.objects.select_for_update().filter(pk=doc_id).first()
        if doc is None:
            raise NotFound("not_found", _("知识文档不存在。"))
        fields = workflow.move(doc, verb)  # a move the table does not allow: 409 state_conflict
        doc.status_changed_at = now
        doc.status_changed_by_id = _user_id(actor)
        doc.save(update_fields=[*fields, "status_changed_at", "status_changed_by"])
    return doc


def reindex(doc_id: int | None = None, *, actor: Actor) -> int:
    """Cut and segment again one document, or all (after the dictionary or synonyms changed)."""
    permissions.require_knowledge_manager(actor)
    docs = Document.objects.all() if doc_id is None else Document.objects.filter(pk=doc_id)
    if doc_id is not None and not docs.exists():
        raise NotFound("not_found", _("知识文档不存在。"))
    count = 0
    for doc in docs.iterator():
        with transaction.atomic():
            count += index.write_passages(doc, doc.body.split("\n"), count_terms=doc_id is not None)
    if doc_id is None:
        index.rebuild_terms()
        index.rebuild_full_text()
    search.forget_stats()
    return count


# --- the record of questions and used answers -------------------------------------------


def log_search(
    text: str,
    hits: list[search.Hit],
    *,
    actor: Actor,
    channel: str = SearchChannel.API,
    elapsed_ms: int = 0,
    now: datetime | None = None,
) -> SearchLog:
    return SearchLog.objects.create(
        text=text[:500],
        hits=len(hits),
        top_document_id=hits[0].doc_id if hits else None,
        channel=channel,
        at=now or timezone.now(),
        user_id=_user_id(actor),
        elapsed_ms=elapsed_ms,
    )


def record_use(
    *,
    passage_id: int,
    kind: str,
    actor: Actor,
    query: str = "",
    ticket: Ticket | None = None,
    now: datetime | None = None,
) -> AnswerUse:
    """The operator used a suggestion: the passage (its document), how, for which question."""
    permissions.require_knowledge_reader(actor)
    if kind not in UseKind.values:
        raise JiesuError("validation_error", _("采用方式不正确。"), status=422)
    passage = Passage.objects.select_related("document").filter(pk=passage_id).first()
    if passage is None:
        raise NotFound("not_found", _("知识段落不存在。"))
    return AnswerUse.objects.create(
        document=passage.document,
        passage=passage,
        kind=kind,
        query=query[:500],
        ticket=ticket,
        user_id=_user_id(actor),
        at=now or timezone.now(),
    )
