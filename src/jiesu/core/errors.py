"""One error type for every refusal: a stable code, a Chinese message, an HTTP status.

Actions raise these; the API, the pages and the CLI show them. Codes are a contract:
add new ones, never rename.
"""

from __future__ import annotations

from typing import Any


class JiesuError(Exception):
    status = 422

    def __init__(self, code: str, message: str, *, status: int | None = None, **details: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.details}


class ValidationFailed(JiesuError):
    """Bad input: 422."""

    status = 422


class NotFound(JiesuError):
    status = 404


class Forbidden(JiesuError):
    status = 403


class Conflict(JiesuError):
    """The action is not allowed in the current state, or someone else got there first: 409."""

    status = 409
