"""Shared setup of the handling tests: a frozen clock, tickets on their way down the hops, and
small readers of the record."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from jiesu.testing.builders import ApiResponse, make_ticket
from jiesu.tickets.models import Assignment, Event

SH = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n% stamped statement\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

_phones = itertools.count(1)


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=SH)


@pytest.fixture
def clock():
    """Monday 2025-06-23 09:00 in Huangshi; ``clock.move_to(at(...))`` moves it on."""
    with time_machine.travel(at(6, 23), tick=False) as traveller:
        yield traveller


RETURN_ELEMENTS = {
    "findings": "经现场核实，该楼道灯属小区物业公共照明，由街道物业办监管。",
    "policy_basis": "《湖北省物业服务和管理条例》第十条",
    "suggested_unit": "city-urban",
}


@pytest.fixture
def housing(api, clock) -> tuple[str, int]:
    """A complaint dispatched to 市住建局 (main) and 市供水公司 (assist) on Mon 2025-06-23 09:00
    (answer by Mon 06-30 09:00), signed by 市住建局's handler: (ticket number, assignment id)."""
    number = new_ticket()
    top, _water = dispatch(api, number, "city-housing", ["hs-water"])
    assert api("handler").post(f"/assignments/{top['id']}/sign").status == 200
    return number, top["id"]


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
    over.setdefault("caller_phone", f"139{next(_phones):08d}")
    return make_ticket(**over).number


def dispatch(api, number: str, main_unit: str, assists: list[str] | None = None) -> list[dict]:
    response = api("dispatcher").post(
        f"/tickets/{number}/dispatch", {"main_unit": main_unit, "assist_units": assists or []}
    )
    assert response.status == 201, response.body
    return response.body


def kinds(number: str, after: int = 0) -> list[str]:
    """The ticket's event kinds in order, skipping the first ``after``."""
    return list(
        Event.objects.filter(ticket__number=number).order_by("id").values_list("kind", flat=True)
    )[after:]


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
