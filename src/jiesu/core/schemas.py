"""The base of every request body: unknown or misspelt fields are refused, never ignored.

Ninja's ``Schema`` reads attributes from whatever it is given, so a string where an object is
expected (``"caller": "李四"``) would silently become an empty object; forbidding extra fields
makes it validate the raw value first and refuse wrong shapes with a 422.
"""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class Input(Schema):
    model_config = ConfigDict(extra="forbid")
