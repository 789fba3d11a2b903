"""Official documents (通报、月报、专报) in one neutral shape, written as Word, Excel and PDF.

A ``Doc`` is a title, a 文号 line, a date, and sections of paragraphs, tables (the numbers) and
bar charts; each writer lays it out for its medium: Word formatted for official use (仿宋 body,
黑体 headings, the charts as pictures), Excel one sheet per table with numbers as numbers, PDF
with a Chinese font found on the machine (``JIESU_PDF_FONT`` or the usual CJK font paths).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.assessment.typefaces import BODY_FONT, HEADING_FONT, TITLE_FONT
from jiesu.core.errors import JiesuError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"

#: Where Debian and most distributions put a CJK font (fonts-wqy-microhei, fonts-noto-cjk).
PDF_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]  # numbers stay numbers (Excel); ``percent_columns`` are fractions
    percent_columns: frozenset[int] = frozenset()
    note: str = ""


@dataclass
class Chart:
    """A horizontal bar chart of ``values`` (fractions when ``percent``)."""

    title: str
    labels: list[str]
    values: list[float]
    percent: bool = True


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Doc:
    title: str
    number_line: str  # 文号, with a blank for the office to fill: 黄12345办〔2025〕  号
    issued_on: date
    issuer: str
    sections: list[Section]
    filename: str

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]


def cell(value: Any, percent: bool) -> str:
    if value is None:
        return "—"
    if percent and isinstance(value, int | float):
        return f"{value * 100:.2f}%"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _text_rows(table: Table) -> list[list[str]]:
    return [[cell(v, i in table.percent_columns) for i, v in enumerate(row)] for row in table.rows]


# --- charts as pictures (for Word and PDF) ---------------------------------------------------


def chart_png(chart: Chart) -> bytes:
    """The chart drawn with Pillow and the PDF font: bars, labels, values."""
    from PIL import Image, ImageDraw, ImageFont

    rows = chart.labels[:15]
    width, bar_h, left, top = 1200, 36, 360, 70
    height = top + bar_h * len(rows) + 30
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    path = pdf_font_path()
    font = ImageFont.truetype(path, 22)
    title_font = ImageFont.truetype(path, 28)
    draw.text((20, 18), chart.title, fill="#1f2d3d", font=title_font)
    values = chart.values[: len(rows)]
    peak = max([v for v in values if v is not None] + [1e-9])
    scale = 1.0 if chart.percent else peak
    span = width - left - 160
    for i, (label, value) in enumerate(zip(rows, values, strict=True)):
        y = top + i * bar_h
        draw.text((20, y + 6), label[:16], fill="#333", font=font)
        length = int(span * (value or 0) / scale)
        draw.rectangle((left, y + 6, left + max(length, 1), y + bar_h - 6), fill="#2f6fb0")
        draw.text((left + length + 10, y + 6), cell(value, chart.percent), fill="#333", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# --- Word ------------------------------------------------------------------------------------


def to_docx(doc: Doc) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    def font(run, name: str, size: float, *, bold: bool = False) -> None:
        run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)

    document = Document()
    line = document.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(line.add_run(doc.number_line), BODY_FONT, 14)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(heading.add_run(doc.title), TITLE_FONT, 20, bold=True)
    for section in doc.sections:
        font(document.add_paragraph().add_run(section.heading), HEADING_FONT, 16)
        for text in section.paragraphs:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            font(paragraph.add_run(text), BODY_FONT, 16)
        for chart in section.charts:
            document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
        for table in section.tables:
            font(document.add_paragraph().add_run(table.title), HEADING_FONT, 12)
            grid = document.add_table(rows=1, cols=len(table.header))
            grid.style = "Table Grid"
            for i, name in enumerate(table.header):
                font(grid.rows[0].cells[i].paragraphs[0].add_run(name), HEADING_FONT, 10.5)
            for values in _text_rows(table):
                cells = grid.add_row().cells
                for i, text in enumerate(values):
                    font(cells[i].paragraphs[0].add_run(text), BODY_FONT, 10.5)
            if table.note:
                font(document.add_paragraph().add_run(table.note), BODY_FONT, 10.5)
    for text in (
        doc.issuer,
        _("%(year)s年%(month)s月%(day)s日")
        % {"year": doc.issued_on.year, "month": doc.issued_on.month, "day": doc.issued_on.day},
    ):
        signature = document.add_paragraph()
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        font(signature.add_run(text), BODY_FONT, 16)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Excel -----------------------------------------------------------------------------------


def to_xlsx(doc: Doc) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    cover = book.active
    cover.title = _("说明")
    cover.append([doc.title])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([doc.number_line])
    cover.append([f"{doc.issuer}　{doc.issued_on:%Y-%m-%d}"])
    for section in doc.sections:
        cover.append([])
        cover.append([section.heading])
        for text in section.paragraphs:
            cover.append([text])
    cover.column_dimensions["A"].width = 120
    used: set[str] = {_("说明")}
    for table in doc.tables():
        name = _sheet_name(table.title, used)
        sheet = book.create_sheet(name)
        sheet.append(table.header)
        for c in sheet[1]:
            c.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        for index in table.percent_columns:
            for (c,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                c.number_format = "0.00%"
        for i in range(len(table.header)):
            sheet.column_dimensions[chr(ord("A") + i)].width = 16 if i else 30
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or _("表")
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]}{n}", n + 1
    used.add(name)
    return name


# --- PDF -------------------------------------------------------------------------------------


def pdf_font_path() -> str:
    configured = getattr(settings, "JIESU_PDF_FONT", "")
    for candidate in (configured, *PDF_FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return candidate
    raise JiesuError(
        "pdf_font_missing",
        _(
            "未找到中文字体，无法生成 PDF：请安装 fonts-wqy-microhei，或用 JIESU_PDF_FONT 指定字体文件。"
        ),
        status=503,
    )


def to_pdf(doc: Doc) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=pdf_font_path())
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("cjk", size=11)
    pdf.cell(width, 8, doc.number_line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=18)
    pdf.multi_cell(width, 11, doc.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for section in doc.sections:
        pdf.set_font("cjk", size=14)
        pdf.multi_cell(width, 9, section.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=11)
        for text in section.paragraphs:
            pdf.multi_cell(width, 7, "　　" + text, new_x="LMARGIN", new_y="NEXT")
        for chart in section.charts:
            pdf.image(io.BytesIO(chart_png(chart)), w=width)
        for table in section.tables:
            pdf.set_font("cjk", size=11)
            pdf.multi_cell(width, 8, table.title, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("cjk", size=8.5)
            with pdf.table(
                headings_style=FontFace(emphasis=None, fill_color=(232, 238, 246)),
                line_height=5.5,
                text_align="CENTER",
            ) as grid:
                for values in [table.header, *_text_rows(table)]:
                    row = grid.row()
                    for text in values:
                        row.cell(text)
            if table.note:
                pdf.multi_cell(width, 6, table.note, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.ln(2)
    pdf.set_font("cjk", size=12)
    pdf.cell(width, 8, doc.issuer, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(width, 8, _("%%Y年%%m月%%d日"), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@dataclass(frozen=True)
class Format:
    label: str
    content_type: str
    write: Any


FORMATS = {
    "docx": Format(gettext_lazy("Word 文档"), DOCX_TYPE, to_docx),
    "xlsx": Format(gettext_lazy("Excel 表格"), XLSX_TYPE, to_xlsx),
    "pdf": Format(gettext_lazy("PDF 文件"), PDF_TYPE, to_pdf),
}
