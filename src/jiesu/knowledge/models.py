"""The knowledge base: imported files, the documents split out of them, the passages that
search returns, the term statistics that rank them, and the record of questions and used answers.

The full-text index itself lives in the database (SQLite FTS5 table kept by triggers;
PostgreSQL GIN index on the segmented columns): see migrations/0002 and ``index.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiesu.knowledge.choices import DocumentKind, DocumentStatus, SearchChannel, UseKind

USER = settings.AUTH_USER_MODEL


class Source(models.Model):
    """One imported file (or CSV of questions and answers). The same bytes import once."""

    name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("内容摘要"), max_length=64, unique=True)
    imported_at = models.DateTimeField(_("导入时间"))
    imported_by = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("导入人")
    )
    document_count = models.PositiveIntegerField(_("文档数"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("导入文件")

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """A government document, an FAQ entry, an answered request or a case from a closed ticket."""

    source = models.ForeignKey(
        Source,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("来源文件"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=DocumentKind.choices)
    key = models.CharField(
        _("版本标识"),
        max_length=300,
        db_index=True,
        help_text=_("文号，无文号时为发文机关与标题。"),
    )
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=80, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=120, blank=True)
    date = models.DateField(_("成文日期"), null=True, blank=True)
    attachments = models.JSONField(_("附件"), default=list, blank=True)
    body = models.TextField(_("正文"))
    content_hash = models.CharField(_("正文摘要"), max_length=64)
    status = models.CharField(
        _("状态"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.ACTIVE
    )
    superseded_by = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("新版本")
    )
    ticket = models.OneToOneField(
        "tickets.Ticket",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="knowledge_case",
        verbose_name=_("案例来源工单"),
    )
    created_at = models.DateTimeField(_("入库时间"))
    created_by = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("入库人")
    )
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("状态变更人")
    )

    class Meta:
        verbose_name = verbose_name_plural = _("知识文档")
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        if not self.doc_number:
            return self.title
        return str(_("%(title)s（%(number)s）") % {"title": self.title, "number": self.doc_number})


class Passage(models.Model):
    """A few paragraphs of a document: what search finds and the reply script quotes.

    ``title_tokens`` (document title + section heading) and ``body_tokens`` are the segmented
    text, words separated by spaces, that the database's full-text index reads."""

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="passages", verbose_name=_("文档")
    )
    ordinal = models.PositiveIntegerField(_("序号"))
    heading = models.CharField(_("所在章节"), max_length=300, blank=True)
    text = models.TextField(_("段落"))
    title_tokens = models.TextField(_("标题分词"))
    body_tokens = models.TextField(_("正文分词"))
    length = models.PositiveIntegerField(_("词数"))

    class Meta:
        verbose_name = verbose_name_plural = _("段落")
        ordering = ["document_id", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["document", "ordinal"], name="passage_ordinal_unique")
        ]

    def __str__(self) -> str:
        return self.text[:40]


class Term(models.Model):
    """How many passages hold a word: the rarity that ranking weighs (inverse document frequency).
    Kept by ``index.py`` whenever passages are written or removed."""

    term = models.CharField(_("词"), max_length=100, unique=True)
    df = models.PositiveIntegerField(_("段落数"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("词频")

    def __str__(self) -> str:
        return f"{self.term}:{self.df}"


class SearchLog(models.Model):
    """Every question asked of the knowledge base, with how many passages it found."""

    text = models.CharField(_("问题"), max_length=500)
    hits = models.PositiveIntegerField(_("命中段落数"))
    top_document = models.ForeignKey(
        Document,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("首条文档"),
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=SearchChannel.choices)
    at = models.DateTimeField(_("时间"), db_index=True)
    user = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("提问人")
    )
    elapsed_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("检索记录")
        indexes = [models.Index(fields=["hits", "at"])]

    def __str__(self) -> str:
        return self.text


class AnswerUse(models.Model):
    """A suggestion the operator used: which document and passage, as script, passage or draft."""

    document = models.ForeignKey(
        Document, models.PROTECT, related_name="uses", verbose_name=_("文档")
    )
    passage = models.ForeignKey(
        Passage, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("段落")
    )
    kind = models.CharField(_("采用方式"), max_length=10, choices=UseKind.choices)
    query = models.CharField(_("问题"), max_length=500, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("工单"),
    )
    user = models.ForeignKey(
        USER, models.PROTECT, null=True, related_name="+", verbose_name=_("采用人")
    )
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("答复采用记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_id}"
