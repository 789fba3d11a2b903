"""Every archived report as a download: the weekly report through its own Word and Excel
writers (``exports``), the monthly and special reports as official documents in Word, Excel and
PDF (``official``). Written again from the frozen data each time."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from jiesu.core.errors import NotFound
from jiesu.reports import exports
from jiesu.reports.choices import ReportKind
from jiesu.reports.models import Report
from jiesu.reports.official import FORMATS, official_doc


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    filename: str


def formats(report: Report) -> list[str]:
    return list(exports.FORMATS if report.kind == ReportKind.WEEKLY else FORMATS)


def render(report: Report, extension: str) -> Download:
    if extension not in formats(report):
        raise NotFound(
            "format_not_available",
            _("该报告没有 %(ext)s 格式。") % {"ext": extension},
            field="format",
        )
    if report.kind == ReportKind.WEEKLY:
        assert report.hotspot is not None
        export = exports.FORMATS[extension]
        return Download(
            export.write(report.hotspot),
            export.content_type,
            exports.filename(report.hotspot, extension),
        )
    fmt, doc = FORMATS[extension], official_doc(report)
    return Download(fmt.write(doc), fmt.content_type, f"{doc.filename}.{extension}")
