"""Read the text out of an imported file: .txt, .pdf, .docx, .html. A file that cannot be read
raises ``UnreadableFile`` with a message naming the file; it never stops the other files."""

from __future__ import annotations

import io
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed

SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")
#: how other kinds of file begin: one of them renamed .txt or .html is named for what it is
MAGIC = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "ZIP / Word / Excel",
    b"\xd0\xcf\x11\xe0": "Word 97–2003 / Excel 97–2003",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"{\\rtf": "RTF",
}


class UnreadableFile(ValidationFailed):
    def __init__(self, code: str, reason: str, *, name: str):
        super().__init__(
            code,
            _("无法读取文件 %(name)s：%(reason)s") % {"name": name, "reason": reason},
            file=name,
        )


def read_text(name: str, data: bytes) -> str:
    """The text of a file named ``name`` holding ``data``."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableFile(
            "unsupported_file",
            _("不支持的文件类型（可导入 .txt、.pdf、.docx、.html）。"),
            name=name,
        )
    if not data.strip():
        raise UnreadableFile("empty_file", _("文件为空。"), name=name)
    reader = {".txt": _txt, ".pdf": _pdf, ".docx": _docx, ".html": _html, ".htm": _html}[suffix]
    text = reader(name, data)
    if not text.strip():
        raise UnreadableFile(
            "empty_file", _("没有可提取的文字（可能是扫描件或空文档）。"), name=name
        )
    return text


def _decode(name: str, data: bytes) -> str:
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            raise UnreadableFile(
                "binary_file",
                _("这是 %(kind)s 文件，不是文本文件（请用正确的扩展名导入）。") % {"kind": kind},
                name=name,
            )
    if b"\x00" in data[:4096]:
        raise UnreadableFile("binary_file", _("不是文本文件（内容为二进制数据）。"), name=name)
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        "binary_file", _("文字编码无法识别（请另存为 UTF-8 或 GB18030）。"), name=name
    )


def _txt(name: str, data: bytes) -> str:
    text = _decode(name, data)
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > 8:
        raise UnreadableFile("binary_file", _("不是文本文件（含大量控制字符）。"), name=name)
    return text


def _pdf(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF"):
        raise UnreadableFile("corrupt_pdf", _("不是有效的 PDF 文件。"), name=name)
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnreadableFile(
            "corrupt_pdf",
            _("PDF 文件已损坏（%(error)s）。") % {"error": type(exc).__name__},
            name=name,
        ) from exc
    # a form feed between pages: the repair step drops the headers and footers around it
    return "\n\f\n".join(pages)


def _docx(name: str, data: bytes) -> str:
    import docx
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
    # not a zip, a zip of something else, a damaged stream inside it, or parts that are not XML
    except (zipfile.BadZipFile, zlib.error, OpcError, LxmlError, KeyError, ValueError) as exc:
        raise UnreadableFile(
            "corrupt_docx", _("Word 文件已损坏或不是 .docx 格式。"), name=name
        ) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("　".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


class _HTMLText(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section"}
    SKIP = {"script", "style", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def _html(name: str, data: bytes) -> str:
    parser = _HTMLText()
    parser.feed(_decode(name, data))
    parser.close()
    return "".join(parser.parts)
