"""Chinese text as real intake brings it: full-width forms, emoji, HTML remnants, very long and
very short messages, mixed scripts. One normal form for training, prediction and matching."""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")
#: characters that carry no meaning for the matter: symbols and pictographs (emoji), controls
_DROP = {"So", "Sk", "Cc", "Cf", "Co", "Cs", "Cn"}

#: the longest text the models read; beyond it a message repeats itself or pastes documents
MAX_CHARS = 3000


def normalise(text: str | None) -> str:
    """NFKC (full-width → half-width), HTML tags and entities removed, emoji and control
    characters dropped, lower case, whitespace collapsed, cut at ``MAX_CHARS``."""
    value = html.unescape(_TAG.sub(" ", text or ""))
    value = unicodedata.normalize("NFKC", value).lower()
    value = "".join(" " if unicodedata.category(c) in _DROP else c for c in value)
    return _SPACE.sub(" ", value).strip()[:MAX_CHARS]


def bigrams(text: str) -> set[str]:
    """Character bigrams of letters and digits: the shingles that matching compares."""
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
