"""The 兜底办 loop (seed 004, second document: 问题登记、综合受理、分级协调、问题反馈). Each case
has its own ticket, so coordination, escalation, feedback and the company's rating are the
hotline's own verbs on it, with the same clocks, events and rates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed
from jiesu.core.text import clean_text
from jiesu.diversion.models import Diversion
from jiesu.enterprise import credit_code, workflow
from jiesu.enterprise.choices import CaseStatus, Gap
from jiesu.enterprise.models import EnterpriseCase
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.supervision.actions import escalate_ticket
from jiesu.tickets import actions as ticket_actions
from jiesu.tickets import events
from jiesu.tickets import workflow as ticket_workflow
from jiesu.tickets.actions.intake import normalise_phone
from jiesu.tickets.choices import AppealType, Channel
from jiesu.tickets.models import Assignment, Callback
from jiesu.tickets.queries import locked_ticket


@dataclass
class Company:
    name: str
    credit_code: str
    contact_name: str
    contact_phone: str


@dataclass
class CaseData:
    company: Company
    subject: str
    content: str
    gap: str
    region: str | None = None
    address: str = ""


def check_company(company: Company) -> Company:
    """The company as registered: a name, a valid unified social credit code, a contact."""
    name = (company.name or "").strip()
    if not name:
        raise ValidationFailed("company_required", _("请填写企业名称。"), field="company.name")
    if len(name) > 100:
        raise ValidationFailed(
            "field_too_long", _("企业名称不能超过100个字。"), field="company.name"
        )
    code = credit_code.normalise(company.credit_code)
    if not credit_code.is_valid(code):
        raise ValidationFailed(
            "invalid_credit_code",
            _("统一社会信用代码不正确：应为18位，且校验位符合GB 32100（不含I、O、S、V、Z）。"),
            field="company.credit_code",
        )
    contact = (company.contact_name or "").strip()
    if not contact:
        raise ValidationFailed(
            "contact_required", _("请填写企业联系人。"), field="company.contact_name"
        )
    phone = normalise_phone(company.contact_phone)
    if not phone:
        raise ValidationFailed(
            "phone_required", _("请填写联系人电话。"), field="company.contact_phone"
        )
    return Company(name, code, contact[:60], phone)


def _gap(value: str) -> str:
    if value not in Gap.values:
        raise ValidationFailed(
            "invalid_gap",
            _("兜底情形须为：%(join)s。")
            % {"join": "、".join(f"{v}（{label}）" for v, label in Gap.choices)},
            field="gap",
        )
    return value


def register_case(data: CaseData, *, actor: Actor, now: datetime | None = None) -> EnterpriseCase:
    """问题登记 at the window: the company's problem gets its own ticket (channel 企业服务专席,
    涉企) and waits for acceptance."""
    permissions.require_enterprise_centre(actor, _("登记兜底办诉求"))
    company = check_company(data.company)
    gap = _gap(data.gap)
    now = now or timezone.now()
    with transaction.atomic():
        ticket = ticket_actions.intake_ticket(
            ticket_actions.IntakeData(
                channel=Channel.ENTERPRISE_DESK,
                subject=data.subject,
                content=data.content,
                appeal_type=AppealType.HELP,
                caller_name=company.contact_name,
                caller_phone=company.contact_phone,
                enterprise=True,
                region=data.region,
                address=data.address,
            ),
            actor=actor,
            now=now,
        )
        case = EnterpriseCase.objects.create(
            ticket=ticket,
            company_name=company.name,
            credit_code=company.credit_code,
            contact_name=company.contact_name,
            contact_phone=company.contact_phone,
            gap=gap,
            registered_at=now,
        )
        events.enterprise_registered(
            ticket,
            actor=actor,
            at=now,
            case=case.pk,
            company=company.name,
            credit_code=company.credit_code,
            gap=gap,
            origin=None,
        )
    return case


def register_handover(diversion: Diversion, *, actor: Actor, now: datetime) -> EnterpriseCase:
    """A 涉企 hotline ticket handed over through the "101" channel: a case with its own ticket,
    the company to be completed at acceptance. Runs inside the diverting transaction."""
    origin = diversion.ticket
    ticket = ticket_actions.intake_ticket(
        ticket_actions.IntakeData(
            channel=Channel.ENTERPRISE_DESK,
            subject=origin.subject,
            content=origin.content,
            appeal_type=AppealType.HELP,
            caller_name=origin.caller_name,
            caller_phone=origin.caller_phone,
            anonymous=origin.anonymous,
            confidential=origin.confidential,
            enterprise=True,
            region=origin.region.code,
            address=origin.address,
            lat=origin.lat,
            lon=origin.lon,
        ),
        actor=actor,
        now=now,
    )
    case = EnterpriseCase.objects.create(
        ticket=ticket,
        origin=diversion,
        contact_name=origin.caller_name,
        contact_phone=origin.caller_phone,
        gap=Gap.NO_LEAD,
        registered_at=now,
    )
    events.enterprise_registered(
        ticket,
        actor=actor,
        at=now,
        case=case.pk,
        company="",
        credit_code="",
        gap=case.gap,
        origin=origin.number,
    )
    return case


def _locked_case(case_id: int, actor: Actor) -> EnterpriseCase:
    case = (
        EnterpriseCase.objects.select_for_update(of=("self",))
        .select_related("ticket")
        .filter(pk=case_id)
        .first()
    )
    if case is None or not permissions.sees_ticket(actor, case.ticket):
        raise permissions.enterprise_case_not_found(case_id)
    return case


def accept_case(
    case_id: int,
    *,
    actor: Actor,
    company: Company | None = None,
    gap: str | None = None,
    now: datetime | None = None,
) -> EnterpriseCase:
    """综合受理 by the enterprise service centre; a hand-over's company is completed here."""
    permissions.require_enterprise_centre(actor, _("受理兜底办诉求"))
    now = now or timezone.now()
    with transaction.atomic():
        case = _locked_case(case_id, actor)
        fields = workflow.CASE.move(case, "accept")
        given = company or Company(
            case.company_name, case.credit_code, case.contact_name, case.contact_phone
        )
        checked = check_company(given)
        case.company_name, case.credit_code = checked.name, checked.credit_code
        case.contact_name, case.contact_phone = checked.contact_name, checked.contact_phone
        if gap is not None:
            case.gap = _gap(gap)
        case.accepted_at = now
        case.save(
            update_fields=[
                *fields,
                "company_name",
                "credit_code",
                "contact_name",
                "contact_phone",
                "gap",
                "accepted_at",
            ]
        )
        events.enterprise_accepted(
            case.ticket,
            actor=actor,
            at=now,
            case=case.pk,
            company=case.company_name,
            credit_code=case.credit_code,
        )
    return case


def decline_case(
    case_id: int,
    *,
    reason: str,
    guidance: str = "",
    actor: Actor,
    now: datetime | None = None,
) -> EnterpriseCase:
    """不予受理 at acceptance: the reason (and where the company should turn instead) is the
    answer fed back to the company, and the case's ticket closes — a "101" hand-over gets it as
    its external result (``enterprise.sync``)."""
    permissions.require_enterprise_centre(actor, _("不予受理"))
    why = (reason or "").strip()
    if not why:
        raise ValidationFailed(
            "reason_required", _("不予受理须写明理由，以便反馈企业。"), field="reason"
        )
    why = clean_text(why, field="reason", label=_("不予受理理由"), max_length=2000)
    where = (guidance or "").strip()
    if where:
        where = clean_text(where, field="guidance", label=_("建议渠道"), max_length=2000)
    now = now or timezone.now()
    with transaction.atomic():
        case = _locked_case(case_id, actor)
        case_fields = workflow.CASE.move(case, "decline")
        ticket = locked_ticket(case.ticket.number)
        ticket_fields = ticket_workflow.move(ticket, "decline")
        answer = _("不予受理：%(reason)s") % {"reason": why}
        if where:
            answer += "\n" + _("建议：%(guidance)s") % {"guidance": where}
        ticket.answer, ticket.closed_at = answer, now
        ticket.overdue = ticket.awaiting_callback = False
        ticket.save(
            update_fields=[*ticket_fields, "answer", "closed_at", "overdue", "awaiting_callback"]
        )
        case.ticket = ticket
        case.save(update_fields=case_fields)
        events.enterprise_declined(
            ticket, actor=actor, at=now, case=case.pk, reason=why, guidance=where
        )
        events.closed(ticket, actor=actor, at=now, reason=_("兜底办不予受理"))
    return case


def coordinate_case(
    case_id: int,
    *,
    lead: str,
    helpers: list[str],
    actor: Actor,
    now: datetime | None = None,
) -> list[Assignment]:
    """分级协调, first level: a lead department (主办) and helpers (协办), each with the
    hotline's clocks; the dispatch is the hotline's own (R13)."""
    permissions.require_enterprise_centre(actor, _("分级协调"))
    if not (lead or "").strip():
        raise ValidationFailed("lead_required", _("请指定牵头部门。"), field="lead")
    with transaction.atomic():
        case = _locked_case(case_id, actor)
        workflow.CASE.target(case, "coordinate")
        return ticket_actions.dispatch_ticket(
            case.ticket.number, main_unit=lead, assist_units=helpers, actor=actor, now=now
        )


def escalate_case(case_id: int, *, reason: str, actor: Actor, now: datetime | None = None):
    """Still unsolved: up the hotline's ladder (R18) — the lead department's leadership, then
    the city government (提请市政府统筹研究)."""
    permissions.require_enterprise_centre(actor, _("提级协调"))
    with transaction.atomic():
        case = _locked_case(case_id, actor)
        return escalate_ticket(case.ticket.number, reason=reason, actor=actor, now=now)


def feedback_case(
    case_id: int, *, result: str, comment: str = "", actor: Actor, now: datetime | None = None
) -> Callback:
    """问题反馈: the answer went back to the company, whose rating is the hotline's callback
    (R17): satisfied closes the case, unsatisfied sends it back to the lead department."""
    permissions.require_enterprise_centre(actor, _("记录企业评价"))
    with transaction.atomic():
        case = _locked_case(case_id, actor)
        if case.status != CaseStatus.ACCEPTED:
            workflow.CASE.target(case, "coordinate")
        return ticket_actions.callback_ticket(
            case.ticket.number, result=result, comment=comment, actor=actor, now=now
        )
