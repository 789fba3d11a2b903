"""Every Chinese string the code shows people goes through Django's translation (issue 7 §4:
"every string through Django's translation so that English can follow"): an error message, a
label, a document's heading, a command's output. A Chinese string literal outside ``_()`` /
``gettext*()`` is allowed only where it is not shown as it is: docstrings, and the modules and
lines listed in ``EXEMPT`` with the reason (data that is Chinese by nature, patterns that read
Chinese input, words meant for a language model)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jiesu

ROOT = Path(jiesu.__file__).parent
CHINESE = re.compile(r"[\u4e00-\u9fff]")
TRANSLATING = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "gettext_noop",
}

#: modules whose Chinese literals are not words shown as they are (path below src/jiesu: why)
EXEMPT: dict[str, str] = {
    "core/demo_city.py": "the demo city's names: data",
    "core/demo_tickets.py": "the demo tickets' texts: data",
    # tr-a
    "accounts/sheet_columns.py": "the Chinese column headers a sheet of accounts may have: read input",
    # tr-b
    "enterprise/channel.py": "the channel's label is stored in events and webhooks: data",
    "portal/actions.py": "the portal caller's name is stored in the ticket's record: data",
    "testing/builders.py": "the test builders' sample tickets, people and gazette: data",
    "testing/handling.py": "the test journeys' sample findings and comments: data",
    "testing/loop.py": "the test loop's sample answer: data",
    "workdays/input_words.py": "words that read a calendar file's is_workday column",
    "intelligence/input_formats.py": "date formats that read an old system's export",
    "intelligence/place_words.py": "patterns that read a place out of a ticket's subject",
    "knowledge/corpus.py": "Q&A column names read from files; markers in stored knowledge text",
    "knowledge/drafting.py": "the language model's prompt and its refusal words",
    "knowledge/gazette.py": "patterns that read a gazette and rebuild its Chinese title",
    "knowledge/passages.py": "patterns of Chinese headings that cut a document into passages",
    "knowledge/repair.py": "patterns that find headers, page numbers and dates in PDF text",
    "knowledge/scripts.py": "patterns that find boilerplate in a Chinese document",
    "knowledge/segment.py": "the Chinese stop words of the search segmenter",
    "assessment/typefaces.py": "the font names of an official document",
}

#: apps not swept yet (each sweep removes its apps here)
PENDING_A: set[str] = set()

PENDING_B: set[str] = set()


def bare_chinese(source: str) -> list[tuple[int, str]]:
    """(line, text) of each Chinese string literal that is neither a docstring nor inside a
    translation call. An f-string is never translatable (its text changes with its values):
    ``_("工单%(n)s") % {"n": n}`` is."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if not CHINESE.search(node.value):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.JoinedStr):
            found.append((node.lineno, node.value[:40]))
            continue
        while isinstance(parent, ast.BinOp):
            parent = parents.get(parent)
        if isinstance(parent, ast.Expr):
            continue  # a docstring (or a bare string statement)
        if isinstance(parent, ast.Call):
            name = getattr(parent.func, "id", None) or getattr(parent.func, "attr", None)
            if name in TRANSLATING:
                continue
        found.append((node.lineno, node.value[:40]))
    return sorted(found)


def _app(relative: str) -> str:
    return relative.split("/", 1)[0]


def test_code_strings_go_through_translation():
    modules = [
        p
        for p in ROOT.rglob("*.py")
        if not {"tests", "migrations"} & set(p.relative_to(ROOT).parts)
    ]
    assert len(modules) > 100  # the walk found the apps
    found = {}
    for path in modules:
        relative = str(path.relative_to(ROOT))
        if relative in EXEMPT or _app(relative) in PENDING_A | PENDING_B:
            continue
        if bare := bare_chinese(path.read_text(encoding="utf-8")):
            found[relative] = bare
    assert found == {}


def test_the_check_finds_a_bare_message():
    source = '''
def f(x):
    """文档说明不算。"""
    ok = _("已派单")
    also = _("工单%(n)s") % {"n": x}
    wrong = _(f"工单{x}")
    return "未知的单位：" + x
'''
    assert bare_chinese(source) == [(6, "工单"), (7, "未知的单位：")]
