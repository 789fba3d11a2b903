"""Every word a template shows goes through Django's translation (issue 7 §4: "every string through
Django's translation so that English can follow"): Chinese text outside ``{% translate %}``,
``{% blocktranslate %}``, ``_("…")`` arguments, date formats and comments is a string an English
catalogue could never reach."""

from __future__ import annotations

import re
from pathlib import Path

import jiesu

ROOT = Path(jiesu.__file__).parent

TRANSLATED = re.compile(
    r"""\{%\s*translate\s+("[^"]*"|'[^']*')[^%]*%\}"""  # {% translate "…" %}
    r"|\{%\s*blocktranslate.*?\{%\s*endblocktranslate\s*%\}"  # {% blocktranslate %}…
    r"""|_\(("[^"]*"|'[^']*')\)"""  # a filter's argument _("…")
    r"""|\|date:("[^"]*"|'[^']*')"""  # a date format (Y年n月j日) is not a sentence
    r"|\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}",  # comments
    re.S,
)
CHINESE = re.compile(r"[\u4e00-\u9fff]+")


def untranslated(path: Path) -> list[str]:
    return CHINESE.findall(TRANSLATED.sub("", path.read_text(encoding="utf-8")))


def test_template_words_go_through_translation():
    templates = [p for p in ROOT.rglob("templates/**/*") if p.suffix in {".html", ".xml", ".txt"}]
    assert len(templates) > 50  # the walk found the apps' templates
    found = {str(p.relative_to(ROOT)): words for p in templates if (words := untranslated(p))}
    assert found == {}


def test_the_check_finds_a_bare_word(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('{% load i18n %}<h1>{% translate "工单" %}</h1><p>办结</p>{# 注释 #}')
    assert untranslated(page) == ["办结"]
