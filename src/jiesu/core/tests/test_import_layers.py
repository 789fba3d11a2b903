"""The apps import each other in one direction only: a declared order of layers, read from the
source with ``ast`` (module-level and function-level imports alike), without importing it.

An app may import its own modules and those of the layers below it, never one beside or above
it. Entry points — the HTTP endpoints (``api.py``, ``api_*.py``), the desk, management
commands, the demo loader, URL and settings modules, the test builders and the tests — sit on
top and may import anything. docs/architecture.md explains the order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jiesu

SRC = Path(jiesu.__file__).resolve().parent

#: Lowest first. Apps in the same layer may not import each other.
LAYERS: list[set[str]] = [
    {"core"},
    {"organisation"},
    {"catalogue", "workdays", "accounts"},
    {"tickets"},
    {"integrations"},
    {"audit", "handling", "supervision", "diversion", "intelligence"},
    {"notifications", "queues", "knowledge", "assessment", "enterprise"},
    {"reports"},  # composes the rates and hotspots, delivers through notifications (0040)
    {"portal"},
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}

#: Modules that are not part of an app's layer: they wire the apps together from above.
ENTRY_APPS = {"desk", "testing"}
ENTRY_TOP_MODULES = {"api", "urls", "settings", "cli", "wsgi", "asgi"}
ENTRY_PARTS = {"tests", "management", "migrations"}
ENTRY_MODULES = {"jiesu.core.demo", "jiesu.core.demo_city", "jiesu.core.demo_tickets"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_entry(module: str) -> bool:
    parts = module.split(".")[1:]
    if not parts or parts[0] in ENTRY_APPS or parts[0] in ENTRY_TOP_MODULES:
        return True
    if ENTRY_PARTS & set(parts) or module in ENTRY_MODULES:
        return True
    return parts[-1] == "api" or parts[-1].startswith("api_")


def _imports(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):  # every import, at module level or inside a function
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.startswith("jiesu.")]


def layer_violations() -> list[str]:
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        module = _module(path)
        if _is_entry(module):
            continue
        app = module.split(".")[1]
        assert app in LEVEL, f"{module}: the app {app!r} has no layer; add it to LAYERS"
        for line, name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_entry(name):
                wrong.append(f"{module}:{line} imports the entry point {name}")
                continue
            other = name.split(".")[1]
            if other != app and LEVEL.get(other, -1) >= LEVEL[app]:
                wrong.append(f"{module}:{line} ({app}) imports {name} ({other}): not below it")
    return wrong


def test_apps_import_only_the_layers_below_them():
    assert layer_violations() == []


def test_the_check_sees_function_level_imports(tmp_path, monkeypatch):
    # given a tickets module that imports supervision inside a function
    tree = ast.parse("def f():\n    from jiesu.supervision.actions import escalate_locked\n")
    # when / then
    assert _imports(tree) == [(2, "jiesu.supervision.actions")]
    assert LEVEL["supervision"] > LEVEL["tickets"]


def test_every_app_has_a_layer():
    apps = {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    assert apps - ENTRY_APPS == set(LEVEL)
