"""Builders for the unit's requests (handling): a ticket on its way down the hops, a return
with its three elements and its leader's approval, a statement upload, and what a refused
request must leave untouched. Times are 2025 dates on the Shanghai clock (``at(6, 23)``)."""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from jiesu.testing.builders import SH, ApiResponse, fresh_phone, kinds, make_ticket
from jiesu.tickets.models import Assignment, Event

__all__ = [
    "PDF",
    "PNG",
    "RETURN_ELEMENTS",
    "ask_return",
    "at",
    "dispatch",
    "kinds",
    "new_ticket",
    "snapshot",
    "upload",
]

PDF = b"%PDF-1.4\n% stamped statement\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=SH)


RETURN_ELEMENTS = {
    "findings": "经现场核实，该楼道灯属小区物业公共照明，由街道物业办监管。",
    "policy_basis": "《湖北省物业服务和管理条例》第十条",
    "suggested_unit": "city-urban",
}


def ask_return(api, aid: int, who: str = "handler", leader: str | None = "leader", **over):
    """Apply for a return with the three elements (unless overridden) as ``who``; once filed,
    ``leader`` (a unit leader of the same unit; None: nobody yet) approves it from their own
    desk, so it waits for the platform. The answer is the application's status with the
    request as it stands after the leader's review."""
    asked = api(who).post(f"/assignments/{aid}/return", {**RETURN_ELEMENTS, **over})
    if asked.status != 201 or leader is None:
        return asked
    approved = api(leader).post(
        f"/returns/{asked.body['id']}/leader-review", {"approve": True, "comment": "同意退单"}
    )
    assert approved.status == 200, approved.body
    return ApiResponse(asked.status, approved.body)


def new_ticket(**over) -> str:
    """A complaint (5 working days) from a caller with a phone of its own (no 一人多次)."""
    over.setdefault("caller_phone", fresh_phone())
    return make_ticket(**over).number


def dispatch(api, number: str, main_unit: str, assists: list[str] | None = None) -> list[dict]:
    response = api("dispatcher").post(
        f"/tickets/{number}/dispatch", {"main_unit": main_unit, "assist_units": assists or []}
    )
    assert response.status == 201, response.body
    return response.body


def snapshot(assignment_id: int) -> tuple:
    """What a refused request must leave untouched."""
    a = Assignment.objects.get(pk=assignment_id)
    return (
        a.status,
        a.answer_deadline,
        a.extension_days,
        a.signed_at,
        Assignment.objects.count(),
        Event.objects.count(),
    )


def upload(
    client, request_id: int, name: str, content: bytes, content_type: str = "application/pdf"
):
    """Multipart upload of a return's statement as ``client`` (an ``api(...)`` client)."""
    response = client.client.post(
        f"/api/v1/returns/{request_id}/statement",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )
    return response.status_code, response.json()
