"""Thin endpoints of the handling desk's requests and the county platform's re-dispatch:
parse → fetch through a permission-checked accessor → call an action → respond."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from jiesu.handling import actions, queries
from jiesu.handling.schemas import (
    DisputeIn,
    ExtensionDecisionIn,
    ExtensionIn,
    ExtensionOut,
    LeaderReviewIn,
    RedispatchIn,
    ReturnDecisionIn,
    ReturnFilter,
    ReturnIn,
    ReturnOut,
    ReturnPage,
    ReturnStatsOut,
)
from jiesu.handling.serializers import extension_dict, return_dict
from jiesu.tickets.actions.redispatch import redispatch_assignment
from jiesu.tickets.queries import get_assignment_for_user
from jiesu.tickets.schemas import AssignmentOut
from jiesu.tickets.serializers import assignment_dict

router = Router(tags=["handling"])


def _extension(request, request_id: int) -> dict:
    return extension_dict(queries.get_extension_for_user(request.actor, request_id))


def _return(request, request_id: int) -> dict:
    return return_dict(queries.get_return_for_user(request.actor, request_id))


@router.post(
    "/assignments/{assignment_id}/redispatch",
    response={201: list[AssignmentOut]},
    summary=_("县级平台转派（R3）"),
)
def redispatch(request, assignment_id: int, payload: RedispatchIn):
    get_assignment_for_user(request.actor, assignment_id)
    children = redispatch_assignment(
        assignment_id,
        main_unit=payload.main_unit,
        assist_units=payload.assist_units,
        actor=request.actor,
    )
    now = timezone.now()
    return Status(201, [assignment_dict(a, now) for a in children])


@router.post(
    "/assignments/{assignment_id}/extension",
    response={201: ExtensionOut},
    summary=_("申请延期（R8b）"),
)
def request_extension(request, assignment_id: int, payload: ExtensionIn):
    get_assignment_for_user(request.actor, assignment_id)
    row = actions.request_extension(
        assignment_id, working_days=payload.working_days, reason=payload.reason, actor=request.actor
    )
    return Status(201, _extension(request, row.pk))


@router.get("/extensions/{request_id}", response=ExtensionOut, summary=_("延期申请详情"))
def get_extension(request, request_id: int):
    return _extension(request, request_id)


@router.post(
    "/extensions/{request_id}/decide", response=ExtensionOut, summary=_("审核延期申请（R8b）")
)
def decide_extension(request, request_id: int, payload: ExtensionDecisionIn):
    queries.get_extension_for_user(request.actor, request_id)
    actions.decide_extension(
        request_id, approve=payload.approve, reason=payload.reason, actor=request.actor
    )
    return _extension(request, request_id)


@router.post(
    "/assignments/{assignment_id}/return", response={201: ReturnOut}, summary=_("申请退单（R15）")
)
def request_return(request, assignment_id: int, payload: ReturnIn):
    get_assignment_for_user(request.actor, assignment_id)
    row = actions.request_return(
        assignment_id,
        findings=payload.findings,
        policy_basis=payload.policy_basis,
        suggested_unit=payload.suggested_unit,
        actor=request.actor,
    )
    return Status(201, _return(request, row.pk))


class StatsQuery(Schema):
    from_date: date = Field(..., alias="from")
    to_date: date = Field(..., alias="to")


@router.get("/returns/stats", response=ReturnStatsOut, summary=_("退单情况统计（按单位）"))
def return_stats(request, period: Query[StatsQuery]):
    rows = queries.return_stats(request.actor, start=period.from_date, end=period.to_date)
    return {
        "from_date": period.from_date.isoformat(),
        "to_date": period.to_date.isoformat(),
        "units": rows,
    }


@router.get("/returns", response=ReturnPage, summary=_("退单申请列表（如分管负责同志待审核）"))
def list_returns(request, filters: Query[ReturnFilter]):
    page, size = max(filters.page, 1), settings.JIESU_API_PAGE_SIZE
    rows, has_next = queries.return_page(
        request.actor, status=filters.status, page=page, page_size=size
    )
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [return_dict(row) for row in rows],
    }


@router.get("/returns/{request_id}", response=ReturnOut, summary=_("退单申请详情"))
def get_return(request, request_id: int):
    return _return(request, request_id)


@router.post(
    "/returns/{request_id}/statement",
    response=ReturnOut,
    summary=_("上传加盖公章的退单情况说明（R15）"),
)
def upload_statement(request, request_id: int, file: File[UploadedFile]):
    queries.get_return_for_user(request.actor, request_id)
    actions.attach_statement(
        request_id, name=file.name or "", stream=file, size=file.size, actor=request.actor
    )
    return _return(request, request_id)


@router.post(
    "/returns/{request_id}/leader-review",
    response=ReturnOut,
    summary=_("分管负责同志审核退单（同意报平台 / 不同意退回承办人）（R15）"),
)
def leader_review_return(request, request_id: int, payload: LeaderReviewIn):
    queries.get_return_for_user(request.actor, request_id)
    actions.leader_review_return(
        request_id, approve=payload.approve, comment=payload.comment, actor=request.actor
    )
    return _return(request, request_id)


@router.post("/returns/{request_id}/dispute", response=ReturnOut, summary=_("派单争议审核（R15）"))
def open_dispute(request, request_id: int, payload: DisputeIn):
    queries.get_return_for_user(request.actor, request_id)
    actions.open_dispute(request_id, reason=payload.reason, actor=request.actor)
    return _return(request, request_id)


@router.post(
    "/returns/{request_id}/decide",
    response=ReturnOut,
    summary=_("审核退单（同意并改派 / 不同意）（R15）"),
)
def decide_return(request, request_id: int, payload: ReturnDecisionIn):
    queries.get_return_for_user(request.actor, request_id)
    actions.decide_return(
        request_id,
        accept=payload.accept,
        reason=payload.reason,
        new_main_unit=payload.new_main_unit,
        back_to_platform=payload.back_to_platform,
        actor=request.actor,
    )
    return _return(request, request_id)
