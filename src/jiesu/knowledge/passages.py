"""Cut a document's paragraphs into passages: a few paragraphs under one section heading, short
enough to read aloud, long enough to hold an answer. Each passage keeps the headings above it
("三、闭环工作体系 › （一）受理端提升服务水平"), which search weighs with the title."""

from __future__ import annotations

import re
from dataclasses import dataclass

LEVELS = [
    re.compile(r"^(第[一二三四五六七八九十百]+章)"),
    re.compile(r"^([一二三四五六七八九十]+、)"),
    re.compile(r"^(（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))"),
    re.compile(r"^(\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十百]+条)"),
]
TARGET = 260  # characters: a passage closes once it is this long
LONGEST = 520  # a paragraph longer than this is cut at sentence ends


@dataclass
class Chunk:
    heading: str
    text: str


def _heading(paragraph: str) -> tuple[int, str] | None:
    for level, pattern in enumerate(LEVELS):
        if pattern.match(paragraph):
            head = re.split(r"(?<=[。；：])", paragraph, maxsplit=1)[0].rstrip("。；：")
            return level, head[:60]
    return None


def _sentences(paragraph: str) -> list[str]:
    if len(paragraph) <= LONGEST:
        return [paragraph]
    parts = [s for s in re.split(r"(?<=[。；！？])", paragraph) if s]
    out, current = [], ""
    for s in parts:
        if current and len(current) + len(s) > TARGET:
            out.append(current)
            current = ""
        current += s
    if current:
        out.append(current)
    return out


def chunks(paragraphs: list[str]) -> list[Chunk]:
    path: dict[int, str] = {}
    out: list[Chunk] = []
    current: list[str] = []

    def close(force: bool = False) -> None:
        if current and (force or sum(len(p) for p in current) >= 40):
            heading = " › ".join(path[k] for k in sorted(path))
            out.append(Chunk(heading, "\n".join(current)))
            current.clear()

    for paragraph in paragraphs:
        found = _heading(paragraph)
        if found:
            level, head = found
            if level <= 2 or sum(len(p) for p in current) >= TARGET // 2:
                close()
            for deeper in [k for k in path if k >= level]:
                del path[deeper]
            path[level] = head
        for piece in _sentences(paragraph):
            if current and sum(len(p) for p in current) + len(piece) > LONGEST:
                close()
            current.append(piece)
            if sum(len(p) for p in current) >= TARGET:
                close()
    close(force=True)
    return out
