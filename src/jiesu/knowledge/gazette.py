"""Split a gazette's paragraphs into documents and read each one's title, 文号, issuing body,
date and attachments.

A document starts at its document number (文号) line, with the title lines just before it
(Huangshi: "市人民政府办公室 / 关于印发《…》的通知 / 黄政办发〔2025〕3号") or just after it
(Wuhan: "武汉市人民政府办公厅文件 / 武政办〔2025〕39 号 / 市人民政府办公厅关于印发…的通知").
Where a file has no document numbers, a document starts at its salutation ("各区人民政府，…：")
once the previous one has been signed and dated; a file with neither is one document.
The issuer and date are read from the signature (the body that signs, then the date)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from jiesu.knowledge.repair import DATE_LINE, DOC_NUMBER, HEADING

ISSUER = re.compile(
    r"^[\u4e00-\u9fa5（）()·]{2,40}(政府|办公室|办公厅|委员会|局|厅|指挥部|领导小组|中心|管委会|协会|小组)(文件)?$"
)
SALUTATION = re.compile(r"^[^。]{4,160}(政府|管委会|部门|单位|机构|局|各区)[^。]{0,60}[：:]$")
# two bodies signed on one line: "黄石市自然资源和城乡建设局黄石市司法局"
SIGNER_BOUNDARY = re.compile(
    r"(?<!总局)(?<=[局厅室府会部组心])(?=[\u4e00-\u9fa5]{2,3}市[\u4e00-\u9fa5])"
)
PRINTED = re.compile(r"《([^》]{4,80})》(?:已经[^。，]{0,30}同意，)?(?:现)?印发")
TITLE_WORDS = re.compile(
    r"关于|《|(通知|方案|意见|办法|决定|通报|批复|函|规划|计划|细则|规定|公告|报告|措施)"
    r"(（试行）|\(试行\))?$"
)
ATTACHMENT = re.compile(r"^附件\s*[:：]\s*(.+)$")
ATTACHMENT_HEADING = re.compile(r"^附件\s*(\d{1,2})\s*$")
ENUMERATED = re.compile(r"(?:^|\s)\d{1,2}[.．、]\s*")


@dataclass
class ParsedDocument:
    title: str
    doc_number: str = ""
    issuer: str = ""
    date: date | None = None
    attachments: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    title_inferred: bool = False

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


def _issuerish(p: str) -> bool:
    parts = p.split()
    return bool(parts) and all(ISSUER.match(x) for x in parts)


def _title_line(p: str) -> bool:
    """A line of a document's head: its issuing bodies or its title."""
    return _titleish(p) and (_issuerish(p) or bool(TITLE_WORDS.search(squeeze(p))))


def squeeze(p: str) -> str:
    """ "通   知" → "通知": spaces between Chinese characters are layout, not text."""
    return re.sub(r"(?<=[\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])", "", p)


def _titleish(p: str) -> bool:
    return (
        len(p) <= 90
        and "◉" not in p
        and not p.startswith("附件")
        and not p.endswith(("。", "；", "：", ":", "，"))
        and not DATE_LINE.match(p)
        and not HEADING.match(p)
        and not DOC_NUMBER.match(p)
    )


def _as_date(p: str) -> date | None:
    m = DATE_LINE.match(p)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _starts_by_number(paras: list[str]) -> list[tuple[int, int]]:
    """(start, number_index) of every document that has a 文号 line."""
    starts = []
    floor = 0
    for i, p in enumerate(paras):
        if not DOC_NUMBER.match(p):
            continue
        start = i
        while start - 1 >= floor and i - start < 4 and _title_line(paras[start - 1]):
            start -= 1
        starts.append((start, i))
        floor = i + 1
    return starts


def _signature(paras: list[str], begin: int, end: int) -> tuple[str, date | None, int | None]:
    """The first signing body + date between begin and end, and the date's index."""
    for j in range(begin, end):
        when = _as_date(paras[j])
        if when is None:
            continue
        signers: list[str] = []
        k = j - 1
        while k >= begin and len(signers) < 8 and _issuerish(squeeze(paras[k])):
            signers[:0] = squeeze(paras[k]).split()
            k -= 1
        joined = "、".join(signers)
        return SIGNER_BOUNDARY.sub("、", joined), when, j
    return "", None, None


def _attachments(paras: list[str]) -> list[str]:
    found: list[str] = []
    for i, p in enumerate(paras):
        m = ATTACHMENT.match(p)
        if m:
            items = [x.strip(" 。；;《》") for x in ENUMERATED.split(m[1]) if x.strip(" 。；;《》")]
            found += items
        elif ATTACHMENT_HEADING.match(p) and i + 1 < len(paras) and _titleish(paras[i + 1]):
            name = paras[i + 1]
            if not any(name in f or f in name for f in found):
                found.append(name)
    return list(dict.fromkeys(found))


def _infer_title(paras: list[str]) -> str:
    """A document whose title was lost in extraction: named after what it prints or decides."""
    opening = "".join(paras[:3])
    m = PRINTED.search(opening)
    if m and "印发" in opening:
        return f"关于印发《{m[1]}》的通知"
    first = re.split(r"[。；]", paras[0])[0] if paras else ""
    return first[:40]


def _clean_issuer(name: str) -> str:
    return name[:-2] if name.endswith("文件") else name


def _from_numbered(paras: list[str], start: int, number_at: int, end: int) -> ParsedDocument:
    head = paras[start:number_at]
    issuer_head = next((p for p in head if _issuerish(p)), "")
    title_parts = [p for p in head if p != issuer_head]
    if (
        title_parts and "关于" in title_parts[0]
    ):  # "市人社局  市财政局关于印发…": bodies, then title
        before, _, after = title_parts[0].partition("关于")
        if before and all(ISSUER.match(x) for x in before.split()):
            issuer_head = issuer_head or " ".join(before.split())
            title_parts[0] = "关于" + after
    if title_parts and not any(TITLE_WORDS.search(p) for p in title_parts):
        title_parts = []
    body_from = number_at + 1
    if not title_parts:  # Wuhan layout: the title follows the number
        while body_from < end and len(title_parts) < 3 and _title_line(paras[body_from]):
            if SALUTATION.match(paras[body_from]):
                break
            title_parts.append(paras[body_from])
            body_from += 1
    signer, when, _ = _signature(paras, body_from, end)
    body = paras[body_from:end]
    doc = ParsedDocument(
        title=squeeze("".join(title_parts)) or _infer_title(body),
        doc_number=re.sub(r"\s+", "", paras[number_at]),
        issuer=_clean_issuer(signer or "、".join(issuer_head.split())),
        date=when,
        paragraphs=body,
        attachments=_attachments(body),
    )
    doc.title_inferred = not title_parts
    return doc


def _starts_by_salutation(paras: list[str], *, need_title: bool = False) -> list[int]:
    starts: list[int] = []
    signed = True
    for i, p in enumerate(paras):
        if _as_date(p):
            signed = True
        elif signed and SALUTATION.match(p):
            start = i
            while start - 1 >= (starts[-1] + 1 if starts else 0) and i - start < 2:
                if not _title_line(paras[start - 1]) or _issuerish(paras[start - 1]):
                    break
                start -= 1
            if need_title and start == i:
                continue
            starts.append(start)
            signed = False
    return starts


def _from_salutation(paras: list[str], start: int, end: int) -> ParsedDocument:
    salute = next(i for i in range(start, end) if SALUTATION.match(paras[i]))
    title_parts = paras[start:salute]
    body = paras[salute:end]
    signer, when, _ = _signature(paras, salute, end)
    return ParsedDocument(
        title=squeeze("".join(p for p in title_parts if not _issuerish(p)))
        or _infer_title(body[1:] or body),
        issuer=_clean_issuer(signer),
        date=when,
        paragraphs=body,
        attachments=_attachments(body),
        title_inferred=not title_parts,
    )


def split(paras: list[str], *, fallback_title: str) -> list[ParsedDocument]:
    """The documents in a file's paragraphs (see the module's docstring)."""
    paras = [p for p in paras if p.strip()]
    if not paras:
        return []
    numbered: list[tuple[int, int | None]] = list(_starts_by_number(paras))
    if numbered:
        # documents without a number between numbered ones: a titled salutation after a signature
        unnumbered = [
            s
            for s in _starts_by_salutation(paras, need_title=True)
            if not any(n <= s <= at + 4 for n, at in numbered if at is not None)
        ]
        starts = sorted(numbered + [(s, None) for s in unnumbered])
        docs = []
        if starts[0][0] > 0:  # text before the first document: its own document
            docs += _single(paras[: starts[0][0]], fallback_title)
        bounds = [s for s, _ in starts[1:]] + [len(paras)]
        for (start, at), end in zip(starts, bounds, strict=True):
            if at is None:
                docs.append(_from_salutation(paras, start, end))
            else:
                docs.append(_from_numbered(paras, start, at, end))
        return docs
    saluted = _starts_by_salutation(paras)
    if saluted:
        docs = []
        if saluted[0] > 0:
            docs += _single(paras[: saluted[0]], fallback_title)
        for start, end in zip(saluted, saluted[1:] + [len(paras)], strict=True):
            docs.append(_from_salutation(paras, start, end))
        return docs
    return _single(paras, fallback_title)


def _single(paras: list[str], fallback_title: str) -> list[ParsedDocument]:
    if sum(len(p) for p in paras) < 20:
        return []
    titled = _titleish(paras[0]) and len(paras) > 1
    body = paras[1:] if titled else paras
    signer, when, _ = _signature(paras, 0, len(paras))
    return [
        ParsedDocument(
            title=paras[0] if titled else fallback_title,
            issuer=_clean_issuer(signer),
            date=when,
            paragraphs=body,
            attachments=_attachments(body),
            title_inferred=not titled,
        )
    ]
