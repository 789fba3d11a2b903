"""What the OpenAPI document says beyond what Ninja derives from the schemas: every error response
(``{code, message}``) and the limits the API enforces — the input boundary (``core.inputs``),
paging (``core.paging``), enumerated values and text lengths — so that a client generated from
the document does not send requests that get a 422. Applied once to the whole document
(``JiesuAPI.get_openapi_schema``); the checks themselves live where they always did, and
``core/tests/test_openapi.py`` holds the two together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core import inputs
from jiesu.core.paging import MAX_PAGE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def error_schema() -> dict[str, Any]:
    """The shape of every error body, in the active language."""
    return {
        "title": "Error",
        "type": "object",
        "description": _(
            "每个错误的统一形状：稳定错误码与中文说明；部分错误另有详情字段（docs/api.md）。"
        ),
        # dict(), not a literal: the error-code scan (test_error_codes_documented) reads literals
        # with both keys as error bodies
        "properties": dict(
            code={"type": "string", "description": _("稳定错误码（docs/api.md 错误码表）")},
            message={"type": "string", "description": _("中文说明")},
        ),
        "required": ["code", "message"],
        "additionalProperties": True,
    }


# (status, when it applies, description)
ERRORS: list[tuple[int, str, StrOrPromise]] = [
    (
        400,
        "body",
        gettext_lazy("请求体不是合法的 JSON 或 multipart（bad_request、malformed_body）"),
    ),
    (401, "all", gettext_lazy("未登录或令牌无效（unauthorized）")),
    (403, "all", gettext_lazy("角色或单位无权执行（forbidden）")),
    (404, "all", gettext_lazy("资源不存在或不可见（*_not_found、not_found）")),
    (409, "write", gettext_lazy("当前状态不允许该操作（state_conflict 等）")),
    (413, "body", gettext_lazy("请求内容过大（payload_too_large）")),
    (415, "body", gettext_lazy("请求体须为 UTF-8 JSON（unsupported_media_type）")),
    (
        422,
        "all",
        gettext_lazy("输入不正确（validation_error、invalid_characters、date_out_of_range 等）"),
    ),
    (500, "all", gettext_lazy("服务器内部错误（server_error）")),
]

Enums = dict[tuple[str, str], type[models.TextChoices]]

# Text lengths the actions refuse beyond (field_too_long), by request schema and field name.
MAX_LENGTHS: dict[tuple[str, str], int] = {
    ("TicketIn", "subject"): 200,
    ("TicketIn", "content"): 20000,
    ("TicketIn", "address"): 200,
    ("AnswerIn", "answer"): 20000,
    ("ReplyIn", "content"): 20000,
    ("UnmergeIn", "reason"): 2000,
    ("ExtensionIn", "reason"): 2000,
    ("ExtensionDecisionIn", "reason"): 2000,
    ("ReturnIn", "findings"): 5000,
    ("ReturnIn", "policy_basis"): 5000,
    ("EscalateIn", "reason"): 2000,
    ("SuperviseIn", "reason"): 2000,
    ("SupervisionCloseIn", "result"): 20000,
    ("InstructionIn", "leader"): 60,
    ("InstructionIn", "content"): 20000,
    ("ClueIn", "content"): 20000,
    ("DivertIn", "reason"): 2000,
    ("ExternalResultIn", "result"): 20000,
}

# Fields that carry a date or date-time (their years are bounded by the input boundary).
DATES: set[tuple[str, str]] = {
    ("query", "start"),
    ("query", "from"),
    ("query", "to"),
    ("SuperviseIn", "deadline"),
    ("HotspotGenerateIn", "week_ending"),
}

_WRITE_METHODS = {"post", "put", "patch", "delete"}


def year_pattern(low: int, high: int) -> str:
    """A regular expression for ISO dates of the years ``low``…``high`` (whole centuries folded)."""
    parts, year = [], low
    while year <= high:
        if year % 100 == 0 and year + 99 <= high:
            parts.append(f"{year // 100}[0-9]{{2}}")
            year += 100
        else:
            parts.append(str(year))
            year += 1
    return f"^({'|'.join(parts)})-[0-9]{{2}}-[0-9]{{2}}"


def _constrain(schema: dict[str, Any], key: tuple[str, str], enums: Enums) -> None:
    """Add the limits of ``key`` to a field's schema (its ``anyOf`` string branch if nullable)."""
    targets = [s for s in schema.get("anyOf", []) if s.get("type") == "string"] or [schema]
    for target in targets:
        if key in enums:
            target["enum"] = list(enums[key].values)
        if key in MAX_LENGTHS:
            target["maxLength"] = MAX_LENGTHS[key]
        if key in DATES:
            low, high = inputs.year_range()
            target["pattern"] = year_pattern(low, high)
            target["description"] = (
                target.get("description", "")
                + " "
                + _("ISO 8601；年份须在 %(low)s–%(high)s 之间。") % {"low": low, "high": high}
            ).strip()
    if key[1] == "page":
        for target in [s for s in schema.get("anyOf", []) if s.get("type") == "integer"] or [
            schema
        ]:
            target.update(minimum=1, maximum=MAX_PAGE)


def _plain_strings(node: Any) -> None:
    """Translated summaries and descriptions (lazy strings) made real strings, in place: the
    document is read as plain JSON by clients and schema tools."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        if isinstance(value, Promise):
            node[key] = str(value)
        elif isinstance(value, dict | list):
            _plain_strings(value)


def complete(document: dict[str, Any], *, enums: Enums) -> dict[str, Any]:
    """``document`` with the error responses and the limits added, in place. ``enums``: the
    values a field takes, by request schema name (or ``"query"``) and field name."""
    _plain_strings(document)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = error_schema()
    for name, schema in schemas.items():
        for field, prop in schema.get("properties", {}).items():
            _constrain(prop, (name, field), enums)
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for item in document.get("paths", {}).values():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    _constrain(
                        parameter.setdefault("schema", {}), ("query", parameter["name"]), enums
                    )
            responses = operation.setdefault("responses", {})
            has_body = "requestBody" in operation
            for status, when, description in ERRORS:
                if (when == "body" and not has_body) or (
                    when == "write" and method not in _WRITE_METHODS
                ):
                    continue
                if status not in responses and str(status) not in responses:
                    responses[str(status)] = {"description": str(description), **ref}
    return document
