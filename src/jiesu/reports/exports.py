"""The hotspot report as offices use it: a Word document a leader reads (python-docx), the same
as PDF (the assessment's writer, fpdf2) and a workbook with the same tables and the full lists
(openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from jiesu.assessment import documents
from jiesu.assessment.typefaces import BODY_FONT, HEADING_FONT
from jiesu.reports.models import HotspotReport
from jiesu.reports.presentation import (
    CHANGE,
    DECIMAL,
    PERCENT,
    RATIO,
    Table,
    cell_text,
    key_case_table,
    method_note,
    summary,
    tables,
    title,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def byline(report: HotspotReport) -> str:
    by = report.generated_by.get_username() if report.generated_by else _("系统（每周定时生成）")
    at = timezone.localtime(report.generated_at)
    return _("第%(version)s版 · %(at)s 生成 · 生成人：%(by)s") % {
        "version": report.version,
        "at": format(at, "%Y-%m-%d %H:%M"),
        "by": by,
    }


def filename(report: HotspotReport, extension: str) -> str:
    data = report.data
    return _("%(city)s12345热线热点周报_%(start)s_%(end)s_第%(version)s版.%(extension)s") % {
        "city": data["city"],
        "start": data["period"]["start"],
        "end": data["period"]["end"],
        "version": report.version,
        "extension": extension,
    }


# --- Word -------------------------------------------------------------------------------


def _font(run, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(
    doc,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = 12,
    bold: bool = False,
    centre: bool = False,
):
    paragraph = doc.add_paragraph()
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _docx_table(doc, table: Table) -> None:
    if not table.items:
        _paragraph(doc, table.empty)
        return
    grid = doc.add_table(rows=1, cols=len(table.headers()))
    grid.style = "Table Grid"
    for cell, header in zip(grid.rows[0].cells, table.headers(), strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(header), HEADING_FONT, 10.5, bold=True)
    for row in table.rows():
        for cell, value, kind in zip(grid.add_row().cells, row, table.kinds(), strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(cell_text(value, kind)), BODY_FONT, 10.5)


def outline(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, Table]]]]:
    """The document's sections in order: a heading and its tables, each under a sub-heading
    or none — one outline for Word and PDF."""
    totals, top, regions, rising, new, repeated, rising_matters, units = [
        t for t in tables(data) if t.in_document
    ]
    return [
        (_("一、总体情况"), [("", totals)]),
        (_("二、%(title)s") % {"title": top.title}, [("", top)]),
        (_("三、%(title)s") % {"title": regions.title}, [("", regions)]),
        (
            _("四、趋势性与苗头性问题"),
            [
                (_("（一）%(title)s") % {"title": rising.title}, rising),
                (_("（二）%(title)s") % {"title": new.title}, new),
            ],
        ),
        (
            _("五、热点事项"),
            [
                (_("（一）%(title)s") % {"title": repeated.title}, repeated),
                (_("（二）%(title)s") % {"title": rising_matters.title}, rising_matters),
            ],
        ),
        (_("六、重点工单案例"), [("", key_case_table(data))]),
        (_("七、%(title)s") % {"title": units.title}, [("", units)]),
    ]


def to_docx(report: HotspotReport) -> bytes:
    data = report.data
    doc = Document()
    _paragraph(doc, title(data), font=HEADING_FONT, size=18, bold=True, centre=True)
    _paragraph(doc, byline(report), size=10.5, centre=True)
    for number, (heading, parts) in enumerate(outline(data)):
        _paragraph(doc, heading, font=HEADING_FONT, size=14, bold=True)
        if number == 0:
            _paragraph(doc, summary(data))
        for subheading, table in parts:
            if subheading:
                _paragraph(doc, subheading, bold=True)
            _docx_table(doc, table)
    _paragraph(doc, method_note(data), size=10.5)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------


def _neutral_table(heading: str, table: Table) -> documents.Table:
    """A table in the assessment's neutral document shape, its cells as the Word has them."""
    return documents.Table(
        heading,
        table.headers(),
        [
            [cell_text(value, kind) for value, kind in zip(row, table.kinds(), strict=True)]
            for row in table.rows()
        ],
    )


def to_pdf(report: HotspotReport) -> bytes:
    """The same sections as the Word document through the assessment's PDF writer (CJK font:
    ``JIESU_PDF_FONT``), with the week's top categories as a chart."""
    data = report.data
    sections = []
    for number, (heading, parts) in enumerate(outline(data)):
        section = documents.Section(heading, [summary(data)] if number == 0 else [])
        sections.append(section)
        for subheading, table in parts:
            # a part under its own sub-heading is a section of its own: the writer puts a
            # section's paragraphs before its tables, and the parts must keep their order
            part = documents.Section(subheading) if subheading else section
            if part is not section:
                sections.append(part)
            if table.items:
                part.tables.append(_neutral_table("", table))
            else:
                part.paragraphs.append(table.empty)
        if number == 1 and data["top_categories"]:
            top = [item for item in data["top_categories"] if item["count"]]
            section.charts.append(
                documents.Chart(
                    heading[2:],
                    [item["label"] for item in top],
                    [item["count"] for item in top],
                    percent=False,
                )
            )
    sections.append(documents.Section(_("说明"), [method_note(data), byline(report)]))
    end = date.fromisoformat(data["period"]["end"])
    doc = documents.Doc(
        title=title(data),
        number_line=_("%(city)s12345热线热点周报〔%(year)s〕第\u3000\u3000期")
        % {"city": data["city"], "year": end.year},
        issued_on=timezone.localdate(report.generated_at),
        issuer=_("%(city)s12345政务服务便民热线工作专班") % {"city": data["city"]},
        sections=sections,
        filename=filename(report, "pdf").removesuffix(".pdf"),
    )
    return documents.to_pdf(doc)


# --- Excel ------------------------------------------------------------------------------

NUMBER_FORMATS = {
    CHANGE: "+0;-0;0",
    PERCENT: '+0.0"%";-0.0"%";0.0"%"',
    DECIMAL: "0.0",
    RATIO: "0.00",
}


def _sheet_table(sheet: Worksheet, table: Table) -> None:
    sheet.append(table.headers())
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    if not table.items:
        sheet.append([table.empty])
        return
    for row in table.rows():
        sheet.append(["—" if value is None else value for value in row])
        for cell, kind in zip(sheet[sheet.max_row], table.kinds(), strict=True):
            if kind in NUMBER_FORMATS and isinstance(cell.value, int | float):
                cell.number_format = NUMBER_FORMATS[kind]


def _widths(sheet: Worksheet, widths: dict[str, float]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width


def to_xlsx(report: HotspotReport) -> bytes:
    data = report.data
    all_tables = tables(data)
    book = Workbook()
    overview = book.active
    overview.title = _("概况")
    overview.append([title(data)])
    overview["A1"].font = Font(bold=True, size=14)
    overview.append([byline(report)])
    overview.append([summary(data)])
    overview.append([method_note(data)])
    for cell in ("A3", "A4"):
        overview[cell].alignment = Alignment(wrap_text=True, vertical="top")
    overview.append([])
    _sheet_table(overview, all_tables[0])
    _widths(overview, {"A": 60, "B": 10, "C": 10, "D": 10})
    for table in all_tables[1:]:
        sheet: Any = book.create_sheet(table.title)
        _sheet_table(sheet, table)
        sheet.freeze_panes = "A2"
        _widths(sheet, {"A": 6, "B": 22, "C": 22, "D": 18})
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Format:
    label: str
    content_type: str
    write: Callable[[HotspotReport], bytes]


FORMATS = {
    "docx": Format(gettext_lazy("Word 文档"), DOCX_TYPE, to_docx),
    "xlsx": Format(gettext_lazy("Excel 表格"), XLSX_TYPE, to_xlsx),
    "pdf": Format(gettext_lazy("PDF 文件"), documents.PDF_TYPE, to_pdf),
}
