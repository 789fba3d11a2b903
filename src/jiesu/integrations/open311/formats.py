"""Open311 GeoReport v2 documents in JSON and XML, and its error format.

XML: UTF-8 with its declaration, one element per field, lists as a wrapper element holding one
element per item (``<services><service>…``), booleans ``true``/``false``, nothing as an empty
element. Chinese text stays as itself in both formats."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

JSON, XML = "json", "xml"

#: the element name of one item of each list field
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "service_requests_updates": "request_update",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for name, inner in value.items():
            _fill(ET.SubElement(element, name), inner)
    elif isinstance(value, list):
        tag = ITEM_TAGS.get(element.tag, "item")
        for inner in value:
            _fill(ET.SubElement(element, tag), inner)
    else:
        element.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    body = ET.tostring(element, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def respond(fmt: str, root: str, value: Any, *, status: int = 200) -> HttpResponse:
    """``value`` as a JSON document, or as XML under ``root`` (a list's items named by
    ``ITEM_TAGS[root]``)."""
    if fmt == JSON:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    return HttpResponse(to_xml(root, value), status=status, content_type="text/xml; charset=utf-8")


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """The Open311 error document: a list of ``{code, description}`` with the HTTP status."""
    return respond(fmt, "errors", [{"code": status, "description": description}], status=status)
