"""Every user-facing word of the outside world's pages goes through Django's translation: the
portal's templates and the 兜底办 desk's carry no Chinese outside ``{% translate %}``,
``{% blocktranslate %}`` or ``_("…")``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    [
        *(SRC / "portal" / "templates").rglob("*.html"),
        *(SRC / "enterprise" / "templates").rglob("*.html"),
    ]
)
TRANSLATED = re.compile(
    r"\{%\s*blocktranslate.*?%\}.*?\{%\s*endblocktranslate\s*%\}"
    r"|\{%\s*translate\s+(\"[^\"]*\"|'[^']*').*?%\}"
    r"|_\((\"[^\"]*\"|'[^']*')\)"
    r"|\{#.*?#\}",
    re.DOTALL,
)
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def test_the_pages_exist():
    assert len(TEMPLATES) >= 9


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_chinese_outside_translation(path):
    left = TRANSLATED.sub("", path.read_text(encoding="utf-8"))
    assert CHINESE.findall(left) == []
