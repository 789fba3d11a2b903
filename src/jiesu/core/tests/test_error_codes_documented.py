"""Every stable error code the code can return is in the table of docs/api.md, with its status.

Codes are a contract with integrators (``core/errors.py``: add new ones, never rename), so a new
code cannot land without its line in the table. The source tree (``src/jiesu``, without tests and
migrations) is read with the AST, not imported:

- calls of ``JiesuError`` and of every subclass defined in the tree (``ValidationFailed``,
  ``NotFound``, ``Forbidden``, ``Conflict``…): the first positional argument or ``code=``;
- dict literals with both a ``"code"`` and a ``"message"`` key: the JSON bodies written by the
  handlers in ``api.py`` and ``core/middleware.py`` (``JiesuError.as_dict`` itself is skipped).

A code that is not a literal is followed through the enclosing function and the module
(``code = "…"``, a module-level ``CODE = "…"``, ``code, label = TABLE[key]`` over a module-level
dict, ``table.get(key, "default")`` over a dict built in the function, ``a if c else b``). Anything else fails the test naming the line: write
the code as a literal, or teach ``_resolve`` the new shape.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jiesu

SRC = Path(jiesu.__file__).resolve().parent
API_DOC = SRC.parents[1] / "docs" / "api.md"
SECTION = "## Error codes"

BASE_ERROR = "JiesuError"
DEFAULT_STATUS = 422  # JiesuError.status
CODE = re.compile(r"[a-z][a-z0-9_]*\Z")
TABLE_ROW = re.compile(r"^\|\s*`(?P<code>[a-z][a-z0-9_]*)`\s*\|(?P<status>[^|]*)\|")


@dataclass
class Found:
    """Codes with the places they come from and, for raised errors, their HTTP statuses."""

    sites: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    statuses: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    unresolved: list[str] = field(default_factory=list)


def _source_files() -> list[Path]:
    return [
        p
        for p in sorted(SRC.rglob("*.py"))
        if not {"tests", "migrations"} & set(p.relative_to(SRC).parts)
    ]


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _error_classes(trees: dict[Path, ast.Module]) -> dict[str, int]:
    """JiesuError and every class in the tree that derives from it, with its status."""
    classes: dict[str, ast.ClassDef] = {
        node.name: node
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
    statuses = {BASE_ERROR: DEFAULT_STATUS}
    changed = True
    while changed:
        changed = False
        for name, cls in classes.items():
            if name in statuses:
                continue
            parents = [statuses[b] for b in map(_name, cls.bases) if b in statuses]
            if parents:
                own = [
                    s.value.value
                    for s in cls.body
                    if isinstance(s, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "status" for t in s.targets)
                    and isinstance(s.value, ast.Constant)
                ]
                statuses[name] = own[0] if own else parents[0]
                changed = True
    return statuses


def _parents(tree: ast.Module) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _enclosing(
    node: ast.AST, parents: dict[ast.AST, ast.AST], kind: type | tuple[type, ...]
) -> ast.AST | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, kind):
            return node
    return None


def _module_dict(tree: ast.Module, name: str) -> ast.Dict | None:
    for stmt in tree.body:
        targets = (
            stmt.targets
            if isinstance(stmt, ast.Assign)
            else [stmt.target]
            if isinstance(stmt, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == name for t in targets) and isinstance(
            stmt.value, ast.Dict
        ):
            return stmt.value
    return None


def _resolve(expr: ast.expr | None, scope: ast.AST | None, tree: ast.Module) -> set[str] | None:
    """The string values ``expr`` can take, or None when they cannot be read from the source."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        a, b = _resolve(expr.body, scope, tree), _resolve(expr.orelse, scope, tree)
        return a | b if a is not None and b is not None else None
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "get"
    ):
        # table.get(key, "default") over a dict literal bound in the same function
        table = expr.func.value
        if isinstance(table, ast.Name) and scope is not None and len(expr.args) == 2:
            bound = _bound_in(scope, table.id)
            default = _resolve(expr.args[1], scope, tree)
            if isinstance(bound, ast.Dict) and default is not None:
                values = [_resolve(v, scope, tree) for v in bound.values]
                if all(v is not None for v in values):
                    return set().union(default, *values)
        return None
    if isinstance(expr, ast.Name) and scope is not None:
        return _resolve_name(expr.id, scope, tree)
    return None


def _bound_in(scope: ast.AST, name: str) -> ast.expr | None:
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return node.value
    return None


def _resolve_name(name: str, scope: ast.AST, tree: ast.Module) -> set[str] | None:
    """``name = "…"`` or ``name, … = TABLE[key]`` (TABLE a module-level dict of tuples)."""
    results: list[set[str] | None] = []
    for node in ast.walk(scope):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == name:
            if isinstance(node.value, ast.Subscript) and isinstance(node.value.value, ast.Name):
                table = _module_dict(tree, node.value.value.id)
                values = (
                    [_resolve(v, None, tree) for v in table.values] if table is not None else [None]
                )
                results.append(set().union(*values) if all(v is not None for v in values) else None)
            else:
                results.append(_resolve(node.value, None, tree))
        elif isinstance(target, ast.Tuple):
            positions = [
                i for i, t in enumerate(target.elts) if isinstance(t, ast.Name) and t.id == name
            ]
            if not positions:
                continue
            value = node.value
            table = (
                _module_dict(tree, value.value.id)
                if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name)
                else None
            )
            if table is None or not all(isinstance(v, ast.Tuple) for v in table.values):
                results.append(None)
                continue
            picked = [_resolve(v.elts[positions[0]], None, tree) for v in table.values]
            results.append(set().union(*picked) if all(p is not None for p in picked) else None)
    if not results:  # not bound in the function: a module-level constant, NAME = "…"
        results = [
            _resolve(stmt.value, None, tree)
            for stmt in tree.body
            if isinstance(stmt, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets)
        ]
    if not results or any(r is None for r in results):
        return None
    return set().union(*results)


def _status_of(call: ast.Call, class_status: int) -> int | None:
    for kw in call.keywords:
        if kw.arg == "status":
            return kw.value.value if isinstance(kw.value, ast.Constant) else None
    return class_status


def scan() -> Found:
    trees = {p: ast.parse(p.read_text(encoding="utf-8"), filename=str(p)) for p in _source_files()}
    classes = _error_classes(trees)
    found = Found()
    for path, tree in trees.items():
        parents = _parents(tree)
        where_prefix = path.relative_to(SRC.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in classes:
                expr = (
                    node.args[0]
                    if node.args
                    else next((k.value for k in node.keywords if k.arg == "code"), None)
                )
                status = _status_of(node, classes[_name(node.func)])
            elif isinstance(node, ast.Dict):
                keys = {
                    k.value: v
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant)
                }
                owner = _enclosing(node, parents, ast.ClassDef)
                if not {"code", "message"} <= keys.keys() or (
                    owner is not None and owner.name in classes
                ):
                    continue  # not an error body, or JiesuError.as_dict rendering whatever code it holds
                expr, status = keys["code"], None
            else:
                continue
            where = f"{where_prefix}:{node.lineno}"
            codes = _resolve(
                expr, _enclosing(node, parents, (ast.FunctionDef, ast.AsyncFunctionDef)), tree
            )
            if not codes or not all(CODE.match(c) for c in codes):
                found.unresolved.append(
                    f"{where}: {ast.unparse(expr) if expr is not None else '(no code)'}"
                )
                continue
            for code in codes:
                found.sites[code].add(where)
                if status is not None:
                    found.statuses[code].add(status)
    return found


def documented() -> dict[str, set[int]]:
    """The rows of the tables under ``## Error codes`` in docs/api.md (down to the next ``## ``
    heading): code → the HTTP statuses written in the second column."""
    table: dict[str, set[int]] = {}
    in_section = False
    for line in API_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_section = line.strip() == SECTION
            continue
        match = TABLE_ROW.match(line) if in_section else None
        if match:
            table[match["code"]] = {int(s) for s in re.findall(r"\b[1-5]\d\d\b", match["status"])}
    assert table, f"no table rows found under {SECTION!r} in {API_DOC}"
    return table


def test_the_scan_finds_the_codes():
    found = scan()
    assert not found.unresolved, "error codes the scan cannot read:\n" + "\n".join(found.unresolved)
    assert len(found.sites) > 30, sorted(found.sites)
    for code in (
        "ticket_not_found",
        "state_conflict",
        "unknown_unit",
        "payload_too_large",
        "validation_error",
        "unauthorized",
        "method_not_allowed",
        "bad_request",
        "return_findings_required",  # read through returns._ELEMENTS
    ):
        assert code in found.sites, code
    assert found.statuses["ticket_not_found"] == {404}
    assert found.statuses["state_conflict"] == {409}


def test_every_code_is_documented_with_its_status():
    found, table = scan(), documented()
    missing = sorted(set(found.sites) - set(table))
    assert not missing, "error codes missing from the table in docs/api.md:\n" + "\n".join(
        f"  {code}  ({', '.join(sorted(found.sites[code]))})" for code in missing
    )
    wrong = {
        code: (sorted(statuses), sorted(table[code]))
        for code, statuses in found.statuses.items()
        if not statuses <= table[code]
    }
    assert not wrong, (
        f"HTTP status in docs/api.md differs from the code (code: (raised, documented)): {wrong}"
    )


def test_every_documented_code_still_exists():
    stale = sorted(set(documented()) - set(scan().sites))
    assert not stale, f"docs/api.md lists codes the source no longer returns: {stale}"
