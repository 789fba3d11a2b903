"""Who may do what: the one place that says so, read from the roles table of
docs/organisation.md (DESIGN §1, §11).

Every check asks two questions, in this order:

1. **May the person see it?** A ticket, or anything hanging from one (assignment, reply,
   request, supervision), that the person cannot see does not exist for them: ``NotFound`` (404),
   with the same code and message whether it exists or not, so ids cannot be enumerated.
2. **May they do this to it?** If they can see it but may not act: ``Forbidden`` (403).

Actions call ``require*`` under their row lock; endpoints and desk pages fetch through the
accessors of ``tickets.queries`` (which ask ``sees_ticket``) and ask ``may`` which actions to
offer. This module imports nothing above ``organisation``: tickets and assignments are read by
their attributes (``ticket.intake_unit_id``, ``ticket.assignments``, ``assignment.unit_id``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import Forbidden, NotFound
from jiesu.organisation.actor import CALLER, SYSTEM, Actor
from jiesu.organisation.choices import Role

# --- verbs, by who may take them ---------------------------------------------------------

#: 12345 platform staff (operator, dispatcher, administrator) on a ticket they can see.
PLATFORM_VERBS = {
    "intake": gettext_lazy("受理诉求"),
    "answer_online": gettext_lazy("在线直办答复"),
    "dispatch": gettext_lazy("派单"),
    "classify": gettext_lazy("调整工单分类"),
    "merge": gettext_lazy("并单"),
    "unmerge": gettext_lazy("取消并单"),
    "callback": gettext_lazy("回访"),
    "close": gettext_lazy("办结工单"),
    "divert": gettext_lazy("分流"),
    "sync_diversion": gettext_lazy("回传外部渠道办理结果"),
}

#: The supervision desk: platform staff and supervisors (R18, R19).
SUPERVISION_VERBS = {
    "escalate": gettext_lazy("提级协调"),
    "supervise": gettext_lazy("督办"),
    "close_supervision": gettext_lazy("办结督办"),
    "instruct": gettext_lazy("登记领导批示"),
    "transfer_clue": gettext_lazy("移交问题线索"),
    "list_supervisions": gettext_lazy("查看督办列表"),
    "list_repeat_unsatisfied": gettext_lazy("查看反复投诉长期未解决的不满意件"),
}

#: The unit that holds an assignment (its handler, reviewer, leader; its own platform's staff
#: for a county platform's hop; administrators).
UNIT_VERBS = {
    "sign": gettext_lazy("签收"),
    "reply": gettext_lazy("提交答复"),
    "request_extension": gettext_lazy("申请延期"),
    "request_return": gettext_lazy("申请退单"),
    "attach_statement": gettext_lazy("上传退单情况说明"),
}

#: A caller through a public channel (portal, Open311, an integration key; ``actor.caller``):
#: files a request, and rates the answer of their own ticket — which is its callback (R17).
CALLER_VERBS = {"intake": gettext_lazy("提交诉求"), "callback": gettext_lazy("评价答复")}

VERBS = {**PLATFORM_VERBS, **SUPERVISION_VERBS, **UNIT_VERBS}

#: Who may review a reply at each level (R16); the unit is the assignment's own, or for
#: ``upper`` the unit that holds the parent assignment.
REVIEW_LEVEL_ROLES = {
    "section_head": frozenset({Role.UNIT_REVIEWER, Role.UNIT_LEADER}),
    "deputy_leader": frozenset({Role.UNIT_LEADER}),
    "upper": frozenset({Role.PLATFORM_DISPATCHER, Role.UNIT_REVIEWER, Role.UNIT_LEADER}),
    "platform": frozenset({Role.PLATFORM_DISPATCHER}),
}

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django_stubs_ext import StrOrPromise


# --- what a person sees --------------------------------------------------------------------


def sees_all(actor: Actor) -> bool:
    """Administrators, supervisors and the city platform's operators and dispatchers."""
    return (
        actor.is_admin
        or actor.role == Role.SUPERVISOR
        or (actor.role in (Role.OPERATOR, Role.PLATFORM_DISPATCHER) and actor.on_city_platform)
    )


def sees_ticket(actor: Actor, ticket: Any) -> bool:
    """The rule ``tickets.queries.visible_parts`` applies to lists, for one ticket: everything
    for ``sees_all``; a citizen their own; a unit the tickets it holds an assignment on; a
    county platform those and the ones it took in."""
    if sees_all(actor):
        return True
    if actor.role == CALLER:
        if actor.ticket_number:
            return ticket.number == actor.ticket_number
        return actor.user_id is not None and ticket.created_by_id == actor.user_id
    if actor.role == Role.CITIZEN:
        return actor.user_id is not None and ticket.created_by_id == actor.user_id
    if actor.unit_id is None:
        return False
    if actor.on_platform and ticket.intake_unit_id == actor.unit_id:
        return True
    return ticket.assignments.filter(unit_id=actor.unit_id).exists()


def sees_caller(actor: Actor) -> bool:
    """Callers' personal data unmasked (and the query code): platform staff and ``sees_all``."""
    return sees_all(actor) or actor.on_platform


def sees_supervision_events(actor: Actor) -> bool:
    """Clue transfers (R19) may be about the handling unit itself: platform staff and
    supervisors only."""
    return actor.on_platform or actor.role == Role.SUPERVISOR


def return_stats_scope(actor: Actor) -> str | None:
    """Whose return statistics the person reads: ``all`` units (``sees_all``), the units of the
    platform's ``region`` (a county platform), its own ``unit`` (a handling unit), or none."""
    if sees_all(actor):
        return "all"
    if actor.on_platform and actor.unit is not None:
        return "region"
    if actor.in_unit_desk and actor.unit_id is not None:
        return "unit"
    return None


def kpi_scope(actor: Actor) -> str | None:
    """Whose assessment rates (R21) the person reads and drills into: the same scopes as the
    return statistics (``all``, a county platform's ``region``, a unit's own ``unit``, or none);
    the CLI and the scheduled reports act as the system and read everything."""
    return "all" if actor == SYSTEM else return_stats_scope(actor)


def reads_reports(actor: Actor) -> bool:
    """The hotspot reports: ``sees_all`` and unit leaders (分管负责同志)."""
    return sees_all(actor) or actor.role == Role.UNIT_LEADER


def require_report_reader(actor: Actor) -> None:
    if not reads_reports(actor):
        raise Forbidden(
            "forbidden", _("只有市12345平台人员、督导、分管负责同志和管理员可以查看热点周报。")
        )


def generates_reports(actor: Actor) -> bool:
    """City platform staff and administrators; the weekly task and the CLI act as the system."""
    return actor == SYSTEM or actor.on_city_platform


def require_report_generator(actor: Actor) -> None:
    if not generates_reports(actor):
        raise Forbidden("forbidden", _("只有市12345平台人员或管理员可以生成热点周报。"))


def reads_knowledge(actor: Actor) -> bool:
    """The knowledge base (search, passages, reply scripts): everyone who works a desk."""
    return actor == SYSTEM or (actor.user_id is not None and actor.role != Role.CITIZEN)


def require_knowledge_reader(actor: Actor) -> None:
    if not reads_knowledge(actor):
        raise Forbidden("forbidden", _("只有热线平台和承办单位的工作人员可以查询知识库。"))


def manages_knowledge(actor: Actor) -> bool:
    """Import, disable, expire, re-index and add cases: 12345 platform staff and administrators."""
    return actor == SYSTEM or actor.on_platform


def require_knowledge_manager(actor: Actor) -> None:
    if not manages_knowledge(actor):
        raise Forbidden("forbidden", _("只有12345平台人员或管理员可以维护知识库。"))


# --- what a person may do -------------------------------------------------------------------


def may(actor: Actor, verb: str, *, unit_id: int | None = None) -> bool:
    """Whether the person's role lets them take ``verb`` — on an assignment of ``unit_id`` for
    the unit verbs. Visibility is a separate question (``sees_ticket``)."""
    if actor.role == CALLER:
        return verb in CALLER_VERBS
    if verb in PLATFORM_VERBS:
        return actor.on_platform
    if verb in SUPERVISION_VERBS:
        return actor.on_platform or actor.role == Role.SUPERVISOR
    if verb in UNIT_VERBS:
        if unit_id is None:
            return actor.in_unit_desk or actor.on_platform
        return actor.works_for(unit_id) and (
            actor.in_unit_desk or actor.on_platform or actor.is_admin
        )
    raise ValueError(f"unknown verb {verb!r}")


def refusal(verb: str) -> Forbidden:
    label = VERBS.get(verb) or CALLER_VERBS[verb]
    if verb in PLATFORM_VERBS:
        return Forbidden("forbidden", _("只有12345平台人员可以%(label)s。") % {"label": label})
    if verb in SUPERVISION_VERBS:
        return Forbidden(
            "forbidden", _("只有12345平台人员或督导人员可以%(label)s。") % {"label": label}
        )
    return Forbidden("forbidden", _("只有承办单位本单位人员可以%(label)s。") % {"label": label})


# The one answer for "not there" and "not yours", by kind: the same status, code and message,
# used both by the accessors (``tickets.queries`` and its kin) and by the actions.


def ticket_not_found(number: str) -> NotFound:
    return NotFound("ticket_not_found", _("工单%(number)s不存在或无权查看。") % {"number": number})


def assignment_not_found(assignment_id: int) -> NotFound:
    return NotFound(
        "assignment_not_found",
        _("交办单%(assignment_id)s不存在或无权查看。") % {"assignment_id": assignment_id},
    )


def reply_not_found(reply_id: int) -> NotFound:
    return NotFound(
        "reply_not_found", _("答复%(reply_id)s不存在或无权查看。") % {"reply_id": reply_id}
    )


def extension_not_found(request_id: int) -> NotFound:
    return NotFound(
        "extension_not_found",
        _("延期申请%(request_id)s不存在或无权查看。") % {"request_id": request_id},
    )


def return_not_found(request_id: int) -> NotFound:
    return NotFound(
        "return_not_found",
        _("退单申请%(request_id)s不存在或无权查看。") % {"request_id": request_id},
    )


def supervision_not_found(supervision_id: int) -> NotFound:
    return NotFound(
        "supervision_not_found",
        _("督办%(supervision_id)s不存在或无权查看。") % {"supervision_id": supervision_id},
    )


def require(actor: Actor, verb: str, ticket: Any = None, *, hidden: NotFound | None = None) -> None:
    """Refuse unless ``actor`` may take ``verb`` on ``ticket`` (a platform or supervision verb):
    404 (``hidden``, or ``ticket_not_found``) if they cannot see it, 403 if they may not act."""
    if ticket is not None and not sees_ticket(actor, ticket):
        raise hidden or ticket_not_found(ticket.number)
    if not may(actor, verb):
        raise refusal(verb)


def require_on_assignment(
    actor: Actor, verb: str, assignment: Any, *, hidden: NotFound | None = None
) -> None:
    """A unit verb on ``assignment``: 404 if its ticket is out of sight, 403 unless the person
    works for the unit that holds it."""
    if not sees_ticket(actor, assignment.ticket):
        raise hidden or assignment_not_found(assignment.pk)
    if not may(actor, verb, unit_id=assignment.unit_id):
        raise refusal(verb)


def require_decider(
    actor: Actor,
    platform: Any,
    what: str,
    *,
    rule: str,
    ticket: Any = None,
    hidden: NotFound | None = None,
) -> None:
    """Extensions, returns and dispatch disputes are decided by the dispatcher of the platform
    that dispatched the work: the city platform for the top hop, the county platform for what it
    re-dispatched (administrators too). Someone who cannot see ``ticket`` gets ``hidden``."""
    if ticket is not None and not sees_ticket(actor, ticket):
        raise hidden or ticket_not_found(ticket.number)
    if actor.is_admin:
        return
    if actor.unit_id != platform.pk or actor.role != Role.PLATFORM_DISPATCHER:
        raise Forbidden(
            "forbidden",
            _("只有派单平台（%(name)s）的派单审核员可以%(what)s（%(rule)s）。")
            % {"name": platform.name, "what": what, "rule": rule},
            rule=rule,
            platform=platform.code,
        )


def may_review(actor: Actor, reply: Any, assignment: Any) -> bool:
    """Whether the person reviews ``reply`` at its current level (the ticket already in sight)."""
    if actor.is_admin:
        return True
    level = reply.current_level
    if level is None:
        return False
    return (
        actor.unit_id == reviewing_unit_id(level, assignment)
        and actor.role in REVIEW_LEVEL_ROLES[level]
    )


def reviewing_unit_id(level: str, assignment: Any) -> int | None:
    """The unit whose people review at ``level``: the platform above for ``upper``, the
    dispatching 12345 platform for ``platform``, else the unit that answers."""
    if level == "upper" and assignment.parent_id:
        return assignment.parent.unit_id
    if level == "platform":
        return assignment.dispatched_from_id
    return assignment.unit_id


def require_reviewer(actor: Actor, reply: Any, assignment: Any, *, label: StrOrPromise) -> None:
    """R16: the reply's current level (shown as ``label``) names the roles and the unit that
    review it."""
    if not sees_ticket(actor, assignment.ticket):
        raise reply_not_found(reply.pk)
    if reply.author_id is not None and reply.author_id == actor.user_id:
        raise Forbidden(
            "own_reply",
            _("不能审核本人撰写的答复：答复须经他人审核（四眼原则，R16）。"),
            rule="R16",
        )
    if not may_review(actor, reply, assignment):
        raise Forbidden(
            "forbidden",
            _("当前环节为「%(label)s」，您无权审核此答复（R16）。") % {"label": label},
            rule="R16",
            level=reply.current_level,
        )


def require_unit_leader(actor: Actor, request: Any, ticket: Any) -> None:
    """R15: a leader (分管负责同志) of the returning unit reviews its return, as their own act
    (administrators too); someone who cannot see the ticket gets the return's 404."""
    if not sees_ticket(actor, ticket):
        raise return_not_found(request.pk)
    if actor.is_admin:
        return
    if actor.unit_id != request.unit_id or actor.role != Role.UNIT_LEADER:
        raise Forbidden(
            "forbidden", _("只有退单单位的分管负责同志可以审核退单申请（R15）。"), rule="R15"
        )


def require_not_own(request: Any, actor: Actor, what: str, *, rule: str) -> None:
    """Four eyes (R16): nobody approves a request they made — not even an administrator, who
    may both apply for a unit and decide for a platform. Refusing one's own request stays
    allowed: it only gives the work back."""
    if request.requested_by_id is not None and request.requested_by_id == actor.user_id:
        raise Forbidden(
            "own_request",
            _("不能%(what)s自己提出的申请，须由他人审核（%(rule)s）。")
            % {"what": what, "rule": rule},
            rule=rule,
            request=request.pk,
        )


# --- who answers a supervision task (R18) ------------------------------------------------------


def acts_for_city_government(actor: Actor) -> bool:
    """An escalation to the city government (提请市政府统筹研究) is followed by the supervision
    desk's supervisors (市政府督查室), who record the city government's decision."""
    return actor.is_admin or actor.role == Role.SUPERVISOR


def leads_unit(actor: Actor, unit_id: int | None) -> bool:
    """The leadership of a unit, who answers an escalation to it: its ``unit_leader``
    (分管负责同志); a platform has no unit leader, so its ``platform_dispatcher`` stands in."""
    if actor.is_admin:
        return True
    if unit_id is None or actor.unit_id != unit_id or actor.unit is None:
        return False
    leader_role = Role.PLATFORM_DISPATCHER if actor.unit.is_platform else Role.UNIT_LEADER
    return actor.role == leader_role


def answers_for_unit(actor: Actor, unit_id: int | None) -> bool:
    """Any member of the unit's desk answers a supervision or an instruction addressed to it."""
    if actor.is_admin:
        return True
    return (
        unit_id is not None
        and actor.unit_id == unit_id
        and (actor.in_unit_desk or actor.on_platform)
    )


def require_redispatcher(actor: Actor, assignment: Any) -> None:
    """R3: the dispatcher of the county platform that holds the assignment."""
    if not sees_ticket(actor, assignment.ticket):
        raise assignment_not_found(assignment.pk)
    if actor.is_admin:
        return
    if actor.unit_id != assignment.unit_id or actor.role != Role.PLATFORM_DISPATCHER:
        raise Forbidden(
            "forbidden",
            _("只有持有该交办单的县（市、区）平台派单审核员可以转派（R3）。"),
            rule="R3",
        )


# --- work queues: what waits for whom (issue 7) ----------------------------------------------
# Filters for the queue lists, beside the checks they mirror: a row is in a person's queue exactly
# when the check of the step it waits for would let that person take it.


def assignment_queue_scope(actor: Actor) -> str | None:
    """Whose assignments fill the person's queues: ``all`` (``sees_all``), ``platform`` (a
    county platform: the hops it holds and those it handed out), ``unit`` (a handling unit's
    desk: its own), or none."""
    if sees_all(actor):
        return "all"
    if actor.on_platform and actor.unit_id is not None:
        return "platform"
    if actor.in_unit_desk and actor.unit_id is not None:
        return "unit"
    return None


def deciding_platform(actor: Actor) -> int | str | None:
    """The platform whose extension, return and dispute decisions wait for the person
    (``require_decider``): its dispatcher's own platform id, ``"all"`` for administrators, or
    none."""
    if actor.is_admin:
        return "all"
    if actor.role == Role.PLATFORM_DISPATCHER and actor.on_platform:
        return actor.unit_id
    return None


def leads_returns_of(actor: Actor) -> int | str | None:
    """The unit whose returns wait for the person's leader review (``require_unit_leader``)."""
    if actor.is_admin:
        return "all"
    if actor.role == Role.UNIT_LEADER and actor.unit_id is not None:
        return actor.unit_id
    return None


def review_queue(actor: Actor) -> list[tuple[str, int | None]]:
    """The review levels ``actor`` reviews, each with the unit whose replies wait for them there
    (``may_review`` as filters on the reply's stored ``awaiting_level``/``awaiting_unit``,
    decision 0030; ``None`` for every unit — administrators). Their own replies stay out of it
    (four eyes, ``require_reviewer``)."""
    if actor.is_admin:
        return [(level, None) for level in REVIEW_LEVEL_ROLES]
    if actor.unit_id is None:
        return []
    return [
        (level, actor.unit_id) for level, roles in REVIEW_LEVEL_ROLES.items() if actor.role in roles
    ]


# --- hand-offs to other systems and webhooks (R12, docs/integration.md) ----------------------


def manages_deliveries(actor: Actor) -> bool:
    """The delivery log and its dead letters: the city platform's staff and administrators (the
    CLI acts as an administrator)."""
    return actor.on_city_platform


def require_delivery_manager(actor: Actor) -> None:
    if not manages_deliveries(actor):
        raise Forbidden("forbidden", _("只有市12345平台人员或管理员可以查看和重新投递对外推送。"))


def channel_account(actor: Actor, channel: str) -> bool:
    """The account a diversion channel's receiving system reports with (the username set for the
    channel in ``JIESU_DIVERSION_ACCOUNTS``), or an integration key scoped to the channel."""
    if actor.channel:
        return actor.channel == channel
    account = settings.JIESU_DIVERSION_ACCOUNTS.get(channel)
    return bool(account) and actor.user_id is not None and actor.username == account


def require_own_channel(actor: Actor, channel: str, *, labels: Mapping[str, StrOrPromise]) -> None:
    """A channel's integration key acts for its channel only: another channel's result is 403."""
    if actor.channel and actor.channel != channel:
        own, other = labels.get(actor.channel, actor.channel), labels.get(channel, channel)
        raise Forbidden(
            "wrong_channel",
            _("该接入密钥只能回传“%(own)s”的办理结果，不能回传“%(other)s”的。")
            % {"own": own, "other": other},
        )


def sees_diversion(actor: Actor, channel: str, ticket: Any) -> bool:
    """A channel's account sees the diversions to its own channel and nothing else; everybody
    else what they see of the ticket."""
    return channel_account(actor, channel) or sees_ticket(actor, ticket)


def require_result_reporter(
    actor: Actor, channel: str, ticket: Any, *, hidden: NotFound | None = None
) -> None:
    """R12: the result of a diversion comes back from the receiving system's account, scoped to
    its channel, or from platform staff who see the ticket."""
    if channel_account(actor, channel):
        return
    require(actor, "sync_diversion", ticket, hidden=hidden)


def diversion_not_found(diversion_id: int) -> NotFound:
    return NotFound(
        "diversion_not_found",
        _("分流记录%(diversion_id)s不存在或无权查看。") % {"diversion_id": diversion_id},
    )


# --- the enterprise 兜底办 (docs/enterprise.md) ------------------------------------------------


def at_enterprise_centre(actor: Actor) -> bool:
    """The staff of the enterprise service centre (the unit ``JIESU_ENTERPRISE_CENTRE``, a
    city-level platform unit) and administrators: they register, accept and coordinate
    companies' orphan problems; the rest of the loop is the platform verbs."""
    if actor.is_admin:
        return True
    return (
        actor.on_platform
        and actor.unit is not None
        and actor.unit.code == settings.JIESU_ENTERPRISE_CENTRE
    )


def require_enterprise_centre(actor: Actor, what: str) -> None:
    if not at_enterprise_centre(actor):
        raise Forbidden(
            "forbidden", _("只有企业综合服务中心（兜底办）人员可以%(what)s。") % {"what": what}
        )


def enterprise_case_not_found(case_id: int) -> NotFound:
    return NotFound(
        "enterprise_case_not_found",
        _("兜底办诉求%(case_id)s不存在或无权查看。") % {"case_id": case_id},
    )
