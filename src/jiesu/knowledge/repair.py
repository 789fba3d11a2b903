"""Repair text extracted from PDF gazettes into paragraphs.

What the extraction leaves behind, and what is done about it:
- page headers and footers ("黄石市人民政府公报  2025.6   市政府文件", "- 21 -") and the running
  titles that sit beside them: dropped;
- lines that are not text (a font without its Unicode map gives "Јɞ ╥Ӊ"; chart labels give
  ".5", "10"): dropped;
- lines broken mid-sentence at the column width (often with a blank line between the pieces):
  joined back into paragraphs. A paragraph ends at sentence-final punctuation, at a line clearly
  shorter than its neighbours, or before a line that opens a heading.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

HEADER = re.compile(r"^\S{0,20}公报\s*\d{4}\s*[.．年]\s*\d{1,2}")
PAGE_NUMBER = re.compile(r"^[-－—–]\s*\d{1,4}\s*[-－—–]$|^第\s*\d{1,4}\s*页(\s*共\s*\d+\s*页)?$")
DEBRIS = re.compile(r"^[\d\s.．,，%％:：\-－—–()（）/]{1,8}$")
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)"
    r"|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十百]+[章节条]|附件\s*\d*[:：]?\s*$)"
)
SENTENCE_END = "。！？!?；;：:”」』"
SHORT = 0.72  # a line shorter than this share of its neighbours' width ends its paragraph


def _is_text(line: str) -> bool:
    """Mostly Chinese, ASCII and common punctuation: not the glyph soup of a broken font."""
    good = 0
    for ch in line:
        if ch.isspace():
            continue
        if (
            ch.isascii()
            or "\u4e00" <= ch <= "\u9fff"
            or "\u3000" <= ch <= "\u303f"
            or "\uff00" <= ch <= "\uffef"
            or unicodedata.category(ch).startswith("P")
            or ch in "·…—–“”‘’《》〔〕"
        ):
            good += 1
        else:
            good -= 2
    return good > 0


def _strip_glyphs(line: str) -> str:
    """Drop the characters of a broken font and the debris they leave at the start of a line."""
    kept = "".join(ch for ch in line if _is_text(ch) or ch.isspace())
    return LEADING_DEBRIS.sub("", kept).strip()


LEADING_DEBRIS = re.compile(r"^[\d\s.．]*\s{3,}(?=\S)")


def _clean_lines(text: str) -> list[str]:
    raw = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    dropped: set[int] = set()
    for i, line in enumerate(raw):
        if HEADER.match(line) or PAGE_NUMBER.match(line) or line == "\f":
            dropped.add(i)
    # running titles: short lines repeated on several pages, beside a header or page number
    counts = Counter(line for line in raw if 0 < len(line) <= 30)
    near = {j for i in dropped for j in range(i - 3, i + 4)}
    for i, line in enumerate(raw):
        if i in near and counts[line] >= 2 and not HEADING.match(line):
            dropped.add(i)
    lines = []
    for i, line in enumerate(raw):
        line = _strip_glyphs(line.replace("\f", ""))
        if not line or i in dropped or DEBRIS.match(line) or not _is_text(line):
            continue
        lines.append(line)
    return _merge_cells(lines)


def _merge_cells(lines: list[str]) -> list[str]:
    """A table cell comes out as a column of 2–4 character lines ("加大 / 返乡 / 创业"): three or
    more such lines in a row are one line again."""
    out: list[str] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if line and len(line) <= CELL:
            run.append(line)
            continue
        out += ["".join(run)] if len(run) >= 3 else run
        run = []
        if line:
            out.append(line)
    return out


CELL = 4


def _ends_paragraph(line: str, width: int, following: str | None) -> bool:
    if following is None or line.endswith(tuple(SENTENCE_END)):
        return True
    if HEADING.match(following) or DATE_LINE.match(following) or DOC_NUMBER.match(following):
        return True
    return len(line) < SHORT * width


def _join(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii():
        return f"{left} {right}"
    return left + right


def paragraphs(text: str) -> list[str]:
    """The paragraphs of extracted text, with page furniture removed and broken lines joined."""
    lines = _clean_lines(text)
    out: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        neighbours = [len(x) for x in lines[max(0, i - 3) : i + 4]]
        width = max(neighbours)
        current = _join(current, line)
        following = lines[i + 1] if i + 1 < len(lines) else None
        if _ends_paragraph(line, width, following):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
DOC_NUMBER = re.compile(
    r"^[\u4e00-\u9fa5]{1,14}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,4}\s*号$"
)
