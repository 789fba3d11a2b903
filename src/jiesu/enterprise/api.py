"""The enterprise 兜底办 over the API: register, accept, coordinate, escalate, feed back, and the
solved cases for the case library."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from jiesu.core.schemas import Input
from jiesu.enterprise import actions
from jiesu.enterprise.models import EnterpriseCase
from jiesu.enterprise.queries import case_page, get_case_for_user, solved_cases
from jiesu.organisation import permissions
from jiesu.tickets.serializers import local

router = Router(tags=["enterprise"])


class CompanyIn(Input):
    name: str
    credit_code: str
    contact_name: str
    contact_phone: str


class CaseIn(Input):
    company: CompanyIn
    subject: str
    content: str
    gap: str
    region: str | None = None
    address: str = ""


class AcceptIn(Input):
    company: CompanyIn | None = None
    gap: str | None = None


class DeclineIn(Input):
    reason: str
    guidance: str = ""


class CoordinateIn(Input):
    lead: str
    helpers: list[str] = []


class EscalateIn(Input):
    reason: str


class FeedbackIn(Input):
    result: str
    comment: str = ""


class CaseOut(Schema):
    id: int
    ticket: str
    ticket_status: str
    ticket_status_label: str
    status: str
    status_label: str
    company_name: str
    credit_code: str
    contact_name: str
    gap: str
    gap_label: str
    origin: str | None
    subject: str
    answer: str
    registered_at: datetime
    accepted_at: datetime | None


class CasePage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[CaseOut]


class CaseFilter(Schema):
    status: str | None = None
    page: int = 1


class SolvedOut(Schema):
    case: int
    ticket: str
    company: str
    gap: str
    subject: str
    problem: str
    solution: str
    lead_unit: str | None
    closed_at: datetime
    rating: str


def case_dict(case: EnterpriseCase) -> dict:
    ticket = case.ticket
    return {
        "id": case.pk,
        "ticket": ticket.number,
        "ticket_status": ticket.status,
        "ticket_status_label": ticket.get_status_display(),
        "status": case.status,
        "status_label": case.get_status_display(),
        "company_name": case.company_name,
        "credit_code": case.credit_code,
        "contact_name": case.contact_name,
        "gap": case.gap,
        "gap_label": case.get_gap_display(),
        "origin": case.origin.ticket.number if case.origin_id else None,
        "subject": ticket.subject,
        "answer": ticket.answer,
        "registered_at": local(case.registered_at),
        "accepted_at": local(case.accepted_at),
    }


def _company(data: CompanyIn | None) -> actions.Company | None:
    if data is None:
        return None
    return actions.Company(data.name, data.credit_code, data.contact_name, data.contact_phone)


def _reload(request, case_id: int) -> dict:
    return case_dict(get_case_for_user(request.actor, case_id))


@router.post("/enterprise/cases", response={201: CaseOut}, summary=_("兜底办问题登记"))
def register(request, payload: CaseIn):
    company = _company(payload.company)
    assert company is not None
    case = actions.register_case(
        actions.CaseData(
            company=company,
            subject=payload.subject,
            content=payload.content,
            gap=payload.gap,
            region=payload.region,
            address=payload.address,
        ),
        actor=request.actor,
    )
    return Status(201, _reload(request, case.pk))


@router.get("/enterprise/cases", response=CasePage, summary=_("兜底办诉求列表"))
def list_cases(request, filters: Query[CaseFilter]):
    page, size = max(filters.page, 1), settings.JIESU_API_PAGE_SIZE
    rows, has_next = case_page(request.actor, status=filters.status, page=page, page_size=size)
    return {
        "page": page,
        "page_size": size,
        "has_next": has_next,
        "items": [case_dict(c) for c in rows],
    }


@router.get("/enterprise/cases/solved", response=list[SolvedOut], summary=_("已解决案例（案例集）"))
def list_solved(request):
    if not permissions.sees_all(request.actor):
        permissions.require_enterprise_centre(request.actor, _("查看兜底办案例"))
    return [vars(s) | {"closed_at": local(s.closed_at)} for s in solved_cases()]


@router.get("/enterprise/cases/{case_id}", response=CaseOut, summary=_("兜底办诉求"))
def get_case(request, case_id: int):
    return _reload(request, case_id)


@router.post("/enterprise/cases/{case_id}/accept", response=CaseOut, summary=_("综合受理"))
def accept(request, case_id: int, payload: AcceptIn):
    get_case_for_user(request.actor, case_id)
    actions.accept_case(
        case_id, company=_company(payload.company), gap=payload.gap, actor=request.actor
    )
    return _reload(request, case_id)


@router.post("/enterprise/cases/{case_id}/decline", response=CaseOut, summary=_("不予受理"))
def decline(request, case_id: int, payload: DeclineIn):
    get_case_for_user(request.actor, case_id)
    actions.decline_case(
        case_id, reason=payload.reason, guidance=payload.guidance, actor=request.actor
    )
    return _reload(request, case_id)


@router.post("/enterprise/cases/{case_id}/coordinate", response=CaseOut, summary=_("分级协调"))
def coordinate(request, case_id: int, payload: CoordinateIn):
    get_case_for_user(request.actor, case_id)
    actions.coordinate_case(
        case_id, lead=payload.lead, helpers=payload.helpers, actor=request.actor
    )
    return _reload(request, case_id)


@router.post("/enterprise/cases/{case_id}/escalate", response=CaseOut, summary=_("提级协调"))
def escalate(request, case_id: int, payload: EscalateIn):
    get_case_for_user(request.actor, case_id)
    actions.escalate_case(case_id, reason=payload.reason, actor=request.actor)
    return _reload(request, case_id)


@router.post(
    "/enterprise/cases/{case_id}/feedback", response=CaseOut, summary=_("问题反馈（企业评价）")
)
def feedback(request, case_id: int, payload: FeedbackIn):
    get_case_for_user(request.actor, case_id)
    actions.feedback_case(
        case_id, result=payload.result, comment=payload.comment, actor=request.actor
    )
    return _reload(request, case_id)
