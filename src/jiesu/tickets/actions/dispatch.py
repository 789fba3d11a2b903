"""Dispatch (R13) to one main unit and assisting units, each with its own clocks (R7)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.catalogue.queries import proposal_for, route_for
from jiesu.core.errors import Conflict, ValidationFailed
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import UnitKind
from jiesu.organisation.models import Unit
from jiesu.organisation.rules import check_handling_unit
from jiesu.tickets import deadlines, events, workflow
from jiesu.tickets.choices import AppealType, AssignmentRole, DispatchClass, Track
from jiesu.tickets.models import Assignment, Ticket
from jiesu.tickets.queries import locked_ticket
from jiesu.workdays.loader import get_calendar


def acting_platform(actor: Actor) -> Unit:
    """The platform on whose behalf the actor dispatches (administrators: the city platform)."""
    if actor.unit is not None and actor.unit.is_platform:
        return actor.unit
    platform = (
        Unit.objects.select_related("region")
        .filter(kind=UnitKind.PLATFORM, region__level="city")
        .first()
    )
    if platform is None:
        raise ValidationFailed("no_city_platform", _("尚未配置市12345平台单位。"))
    return platform


def resolve_units(
    main_code: str | None,
    assist_codes: list[str] | None,
    ticket: Ticket,
    platform: Unit,
) -> tuple[Unit, list[Unit]]:
    """Look the units up by code; fall back to what the dispatch catalogue proposes to the
    dispatching platform (R6, ``catalogue.queries.proposal_for``): a county-level route is the
    county platform's proposal, and that county's platform the city's. A route that names the
    dispatching platform itself is no proposal for it."""
    if not main_code:
        proposal = None
        if ticket.category is not None:
            if route_for(ticket.category, ticket.region) is None:
                raise ValidationFailed(
                    "main_unit_required",
                    _("请指定主办单位：该工单的派单目录未配置默认主办单位。"),
                    field="main_unit",
                )
            proposal = proposal_for(ticket.category, ticket.region, platform)
        if proposal is None:
            raise ValidationFailed(
                "main_unit_required",
                _(
                    "请指定主办单位：派单目录没有本平台可派的默认承办单位（默认承办单位就是本平台，或未配置），请选择本平台可派的部门或乡镇（街道）。"
                )
                if ticket.category is not None
                else _("请指定主办单位：该工单尚未选择派单目录。"),
                field="main_unit",
            )
        main, route_assists = proposal
        main_code = main.code
        if assist_codes is None:
            assist_codes = [u.code for u in route_assists]
    codes = [main_code, *(assist_codes or [])]
    if len(set(codes)) != len(codes):
        raise ValidationFailed(
            "duplicate_unit", _("主办单位与协办单位不能重复。"), field="assist_units"
        )
    units = {u.code: u for u in Unit.objects.select_related("region").filter(code__in=codes)}
    missing = [c for c in codes if c not in units]
    if missing:
        raise ValidationFailed(
            "unknown_unit",
            _("未知的单位编码：%(codes)s。") % {"codes": "、".join(missing)},
            units=missing,
        )
    return units[main_code], [units[c] for c in assist_codes or []]


def open_assignments(
    ticket: Ticket,
    *,
    platform: Unit,
    main: Unit,
    assists: list[Unit],
    actor: Actor,
    now: datetime,
    parent: Assignment | None = None,
) -> list[Assignment]:
    """Create the assignments of one hop with their clocks and dispatch events."""
    roles = [(main, AssignmentRole.MAIN), *[(u, AssignmentRole.ASSIST) for u in assists]]
    return _open(ticket, roles, platform=platform, actor=actor, now=now, parent=parent)


def open_assist_assignment(
    ticket: Ticket,
    *,
    platform: Unit,
    unit: Unit,
    actor: Actor,
    now: datetime,
    parent: Assignment | None = None,
) -> Assignment:
    """One assisting unit joins an existing hop, with clocks of its own from ``now``: the unit
    that replaces an assisting unit whose return was accepted (R15)."""
    roles = [(unit, AssignmentRole.ASSIST)]
    [created] = _open(ticket, roles, platform=platform, actor=actor, now=now, parent=parent)
    return created


def _open(
    ticket: Ticket,
    roles: Sequence[tuple[Unit, str]],
    *,
    platform: Unit,
    actor: Actor,
    now: datetime,
    parent: Assignment | None,
) -> list[Assignment]:
    for unit, _role in roles:
        check_handling_unit(platform, unit)
    calendar = get_calendar()
    answer_days = deadlines.answer_working_days(ticket.appeal_type, ticket.category)
    clocks = deadlines.compute(
        dispatched_at=now,
        clock_started_at=now,
        appeal_type=ticket.appeal_type,
        urgent=ticket.urgent,
        answer_days=answer_days,
        calendar=calendar,
    )
    created = []
    for unit, role in roles:
        assignment = Assignment.objects.create(
            ticket=ticket,
            unit=unit,
            role=role,
            parent=parent,
            dispatched_from=platform,
            dispatched_by_id=actor.user_id,
            dispatched_at=now,
            clock_started_at=now,
            sign_deadline=clocks.sign_deadline,
            answer_deadline=clocks.answer_deadline,
        )
        events.dispatched(
            ticket,
            assignment,
            actor=actor,
            at=now,
            unit=unit.code,
            role=role,
            from_unit=platform.code,
            parent=parent.pk if parent else None,
            appeal_type=ticket.appeal_type,
            urgent=ticket.urgent,
            answer_working_days=answer_days,
            sign_deadline=clocks.sign_deadline,
            answer_deadline=clocks.answer_deadline,
        )
        created.append(assignment)
    return created


def dispatchable(ticket: Ticket) -> bool:
    """Whether ``check_dispatchable`` lets the ticket be dispatched (for pages that offer it)."""
    try:
        check_dispatchable(ticket)
    except Conflict:
        return False
    return True


def check_dispatchable(ticket: Ticket) -> None:
    """Classes and tracks are rules (R4, R5): a D-class matter is diverted (R12) and a general
    consultation on the online track is answered online at intake (R11); neither is dispatched
    unless the platform reclassifies it first."""
    if ticket.dispatch_class == DispatchClass.D:
        raise Conflict(
            "class_d_must_divert",
            _(
                "D类诉求不在12345热线受理范围，应分流至其他渠道，不能派单（R12）；确需派单请先调整分类。"
            ),
            rule="R12",
        )
    if ticket.appeal_type == AppealType.CONSULT_GENERAL and ticket.track == Track.ONLINE:
        raise Conflict(
            "general_consultation_answer_online",
            _(
                "一般咨询由话务员在线答复，不派单（R11）；知识库无法答复的，请先将办理类别调整为限时处办再派单。"
            ),
            rule="R11",
        )


def dispatch_ticket(
    number: str,
    *,
    main_unit: str | None,
    assist_units: list[str] | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> list[Assignment]:
    permissions.require(actor, "dispatch")
    now = now or timezone.now()
    platform = acting_platform(actor)
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "dispatch", ticket)
        fields = workflow.move(ticket, "dispatch")
        check_dispatchable(ticket)
        main, assists = resolve_units(main_unit, assist_units, ticket, platform)
        created = open_assignments(
            ticket, platform=platform, main=main, assists=assists, actor=actor, now=now
        )
        ticket.save(update_fields=fields)
    return created
