"""What the ticket page shows one person: the ticket in labels, the assignment tree with both
deadlines as countdowns, the open requests with their reasons, the timeline in words, and one
panel per action this person may take now — asked of ``organisation.permissions`` and the
workflow tables, never restated here. A panel is a form with its accessible button names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.catalogue.queries import proposal_for
from jiesu.core.errors import Forbidden, JiesuError, NotFound
from jiesu.desk.templatetags.desk_queues import span, state
from jiesu.diversion.models import Diversion
from jiesu.handling import workflow as requests_workflow
from jiesu.handling.choices import OPEN_RETURN_STATUSES, ExtensionStatus, ReturnStatus
from jiesu.handling.models import ExtensionRequest, ReturnRequest
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.organisation.models import Unit
from jiesu.supervision.actions import may_give_feedback
from jiesu.supervision.models import Escalation, Instruction, Supervision
from jiesu.tickets import workflow
from jiesu.tickets.actions.callback import require_full_callback
from jiesu.tickets.actions.dispatch import dispatchable
from jiesu.tickets.actions.intake import answerable_online
from jiesu.tickets.choices import AssignmentRole, ReplyStatus
from jiesu.tickets.models import Assignment, Reply, Ticket
from jiesu.workdays.loader import get_calendar

from .steps import STEPS
from .ticket_forms import all_units, dispatchable_units, platform_of

__all__ = ["Panel", "TicketPage", "all_units", "countdown", "dispatchable_units", "platform_of"]

APPROVE = [("approve", "1", gettext_lazy("通过")), ("approve", "0", gettext_lazy("退回重办"))]
AGREE = [("approve", "1", gettext_lazy("同意")), ("approve", "0", gettext_lazy("不同意"))]


@dataclass
class Panel:
    key: str  # the form's prefix, unique on the page
    title: str
    url: str
    form: forms.Form
    buttons: list[tuple[str, str, str]]  # (name, value, accessible label)
    info: list[tuple[str, str]] = field(default_factory=list)
    link: tuple[str, str] | None = None  # (label, url)
    multipart: bool = False


def permits(check: Callable[[], Any]) -> bool:
    """Whether a ``permissions.require*`` check lets the person through."""
    try:
        check()
    except (Forbidden, NotFound):
        return False
    return True


def passes(check: Callable[[], Any]) -> bool:
    """Whether an action's own check of the state (a 409 it would answer) lets the step through."""
    try:
        check()
    except JiesuError:
        return False
    return True


def countdown(deadline: datetime, now: datetime, *, done: bool) -> dict:
    """A deadline as working time left (or late), in the words and with the due-soon rule of the
    queues' countdown (``desk_queues.span``/``state``: 24-hour working days, the sweep's
    warning lead), so that a row and its ticket page never disagree."""
    if done:
        return {"text": "", "css": ""}
    calendar = get_calendar()
    mark = state(deadline, now)
    if mark == "overdue":
        return {
            "text": _("已超期%s") % span(calendar.working_days_between(deadline, now)),
            "css": "late",
        }
    text = _("剩余%s") % span(calendar.working_days_between(now, deadline))
    return {"text": text, "css": "soon" if mark == "due-soon" else ""}


class TicketPage:
    def __init__(
        self,
        actor: Actor,
        ticket: Ticket,
        bound: dict[str, forms.Form] | None = None,
        events: list | None = None,
    ):
        self.actor, self.ticket, self.bound = actor, ticket, bound or {}
        self.events = events or []
        self.now = timezone.now()
        self.number = ticket.number
        self.assignments = list(
            Assignment.objects.filter(ticket=ticket)
            .select_related("unit__region", "dispatched_from__region")
            .order_by("id")
        )
        self.panels: list[Panel] = []
        self.datalists: dict[str, list[tuple[str, str]]] = {}

    # --- helpers -------------------------------------------------------------------------

    def units(self, list_id: str) -> list[tuple[str, str]]:
        """(code, name) of the units a form may name, kept for the page's ``<datalist>``."""
        if list_id not in self.datalists:
            self.datalists[list_id] = (
                all_units() if list_id == "all-units" else dispatchable_units(self.actor)
            )
        return self.datalists[list_id]

    def panel(
        self,
        name: str,
        title: str,
        buttons: str | list,
        pk: int | None = None,
        *,
        info: list[tuple[str, str]] | None = None,
        link: tuple[str, str] | None = None,
        **form_kwargs: Any,
    ) -> Panel:
        """The panel of the step ``name`` (a row of ``desk.steps``) on ``pk`` (None: the ticket),
        with the form that came back with errors if there is one; ``buttons`` is one button's
        name, or the (name, value, label) of a decision's two."""
        step = STEPS[name]
        key = step.key(pk)
        if step.units:
            form_kwargs["units"] = self.units(step.units)
        form = self.bound.get(key) or step.form(prefix=key, **form_kwargs)
        args = [self.number] if pk is None else [self.number, pk]
        panel = Panel(
            key,
            title,
            reverse(f"desk:{name}", args=args),
            form,
            [("", "", buttons)] if isinstance(buttons, str) else buttons,
            info=info or [],
            link=link,
            multipart=form.is_multipart(),
        )
        self.panels.append(panel)
        return panel

    def url(self, name: str, *args) -> str:
        return reverse(f"desk:{name}", args=[self.number, *args])

    def platform(self) -> Unit | None:
        return platform_of(self.actor)

    def proposal_names(self, platform: Unit | None) -> dict[str, str]:
        t = self.ticket
        if platform is None or t.category_id is None:
            return {}
        proposal = proposal_for(t.category, t.region, platform)
        if proposal is None:
            return {}
        main, assists = proposal
        returned = {a.unit_id for a in self.assignments if a.status == "returned"}
        if main.pk in returned:  # the catalogue's unit already returned it (R15): choose anew
            return {"returned": _("%s（已退单，请另选）") % main.name}
        return {"main_unit": main.name, "assist_units": "、".join(u.name for u in assists)}

    # --- the page --------------------------------------------------------------------------

    def build(self) -> dict:
        # what waits for this person first (a review, a decision on a request, the unit's own
        # step), then the platform's tools (dispatch first among them), then supervision
        self._review_panels()
        self._request_panels()
        self._assignment_panels()
        self._platform_panels()
        self._supervision_panels()
        return {
            "tree": self.tree(),
            "panels": self.panels,
            "datalists": {k: v for k, v in self.datalists.items()},
            "returns": self.returns,
            "extensions": self.extensions,
            "supervisions": self.supervisions,
            "escalations": self.escalations,
            "instructions": self.instructions,
        }

    def tree(self) -> list[dict]:
        nodes: dict[int, dict] = {}
        roots: list[dict] = []
        for a in self.assignments:
            done = a.status not in ("pending_sign", "handling", "reply_review", "return_review")
            signed = a.signed_at is not None or a.status in ("returned", "withdrawn")
            node = {
                "a": a,
                "sign": countdown(a.sign_deadline, self.now, done=signed),
                "answer": countdown(a.answer_deadline, self.now, done=done),
                "children": [],
            }
            nodes[a.pk] = node
            parent = nodes.get(a.parent_id) if a.parent_id else None
            (parent["children"] if parent else roots).append(node)
        return roots

    def _may(self, verb: str) -> bool:
        return permissions.may(self.actor, verb)

    def _platform_panels(self) -> None:
        t, may = self.ticket, self._may
        suggestion = _("派单目录建议")
        if may("dispatch") and workflow.can(t, "dispatch") and dispatchable(t):
            initial = self.proposal_names(self.platform())
            proposed = initial.pop("returned", None) or initial.get("main_unit")
            info = [(suggestion, proposed or _("（无，请选择）"))]
            if t.accepted_unit_id:  # the operator's choice at intake (issue 9)
                initial["main_unit"] = t.accepted_unit.name
                info.append((_("受理时采纳的承办单位建议"), t.accepted_unit.name))
            self.panel("dispatch", _("派单"), _("派单"), initial=initial, info=info)
        if may("answer_online") and workflow.can(t, "answer_online") and answerable_online(t):
            self.panel("answer_online", _("在线直办"), _("在线直办"))
        if may("divert") and workflow.can(t, "divert"):
            self.panel("divert", _("分流至其他渠道"), _("分流"))
        if may("merge") and workflow.can(t, "merge"):
            into = t.accepted_primary.number if t.accepted_primary_id else None
            self.panel(
                "merge",
                _("并单（同一事项多人反映）"),
                _("并单"),
                initial={"into": into} if into else None,
                info=[(_("受理时采纳的并单建议"), into)] if into else [],
            )
        if may("unmerge") and workflow.can(t, "unmerge"):
            primary = t.primary.number if t.primary_id else ""
            self.panel(
                "unmerge",
                _("取消并单（工单回到待派单）"),
                _("取消并单"),
                info=[(_("现并入主单"), primary)] if primary else [],
            )
        if may("classify") and workflow.can(t, "classify"):
            self.panel(
                "classify",
                _("调整分类"),
                _("调整分类"),
                initial={"dispatch_class": t.proposed_class or t.dispatch_class, "track": t.track},
            )
        if may("classify") and workflow.can(t, "change_category"):
            self.panel(
                "category",
                _("调整派单目录"),
                _("调整派单目录"),
                info=[(_("当前派单目录"), t.category.name if t.category_id else _("（未选择）"))],
            )
        if may("callback") and t.awaiting_callback:
            self.panel("callback", _("回访"), _("回访"))
        if may("close") and workflow.can(t, "close") and passes(lambda: require_full_callback(t)):
            title = _("不经回访办结（计为未回访）") if t.awaiting_callback else _("办结")
            self.panel("close", title, _("办结"))
        diversion = Diversion.objects.filter(ticket=t).order_by("-id").first()
        if may("sync_diversion") and diversion and workflow.can(t, "external_result"):
            self.panel(
                "external_result",
                _("登记外部渠道办理结果"),
                _("登记结果"),
                initial={"channel": diversion.channel},
                info=[(_("分流渠道"), diversion.get_channel_display())],
            )

    def _assignment_panels(self) -> None:
        actor = self.actor
        pending_ext = set(
            ExtensionRequest.objects.filter(
                assignment__ticket=self.ticket, status=ExtensionStatus.PENDING
            ).values_list("assignment_id", flat=True)
        )
        for a in self.assignments:
            if not permissions.may(actor, "sign", unit_id=a.unit_id):
                continue
            unit = a.unit.name
            if workflow.can(a, "sign"):
                self.panel("sign", _("签收（%s）") % unit, _("签收"), a.pk)
            if (
                a.unit.is_county_platform
                and workflow.can(a, "redispatch")
                and permits(lambda a=a: permissions.require_redispatcher(actor, a))
            ):
                initial = self.proposal_names(a.unit)
                initial.pop("returned", None)
                self.panel(
                    "redispatch",
                    _("转派至本县（市、区）部门或乡镇（街道）"),
                    _("转派"),
                    a.pk,
                    initial=initial,
                    info=[(_("派单目录建议"), initial.get("main_unit") or _("（无，请选择）"))],
                )
            if workflow.can(a, "submit_reply"):
                self.panel(
                    "reply", _("答复（%s）") % unit, _("提交答复"), a.pk, info=self.reasons_back(a)
                )
            if (
                workflow.can(a, "request_extension")
                and a.pk not in pending_ext
                and permissions.may(actor, "request_extension", unit_id=a.unit_id)
            ):
                self.panel("extension", _("申请延期（%s）") % unit, _("申请延期"), a.pk)
            if workflow.can(a, "apply_return") and permissions.may(
                actor, "request_return", unit_id=a.unit_id
            ):
                self.panel("return", _("申请退单（%s）") % unit, _("申请退单"), a.pk)

    def reasons_back(self, a: Assignment) -> list[tuple[str, str]]:
        """What came back to the unit since its last reply: the reviewer's rejection comment
        and the citizen's complaint at the callback, shown where the new reply is written."""
        reasons: list[tuple[str, str]] = []
        for e in reversed(self.events):
            if e.kind == "reply_submitted" and e.assignment_id == a.pk:
                break
            if e.kind == "reply_sent_back" and e.assignment_id == a.pk and e.data.get("reason"):
                reasons.append((_("退回理由"), e.data["reason"]))
            if e.kind == "callback" and e.data.get("result") == "unsatisfied":
                reasons.append((_("市民不满意"), e.data.get("comment") or _("（未记录意见）")))
        return reasons

    def _request_panels(self) -> None:
        actor, ticket = self.actor, self.ticket
        by_id = {a.pk: a for a in self.assignments}
        self.returns = list(
            ReturnRequest.objects.filter(assignment__ticket=ticket)
            .select_related("unit", "suggested_unit", "owner_unit")
            .order_by("id")
        )
        self.extensions = list(
            ExtensionRequest.objects.filter(assignment__ticket=ticket)
            .select_related("assignment__unit")
            .order_by("id")
        )
        for r in self.returns:
            a = by_id[r.assignment_id]
            r.assignment = a
            if r.statement:
                r.statement_url = self.url("statement", r.pk)
            if r.status not in OPEN_RETURN_STATUSES:
                continue
            self._return_panels(r, a)
        for e in self.extensions:
            a = by_id[e.assignment_id]
            if e.status != ExtensionStatus.PENDING:
                continue
            if permits(
                lambda a=a: permissions.require_decider(
                    actor, a.dispatched_from, "", rule="R8b", ticket=ticket
                )
            ):
                self.panel(
                    "extension_decide",
                    _("审核延期申请"),
                    AGREE,
                    e.pk,
                    info=[
                        (_("申请单位"), a.unit.name),
                        (_("延长"), _("%s个工作日") % e.working_days),
                        (_("理由"), e.reason),
                        (
                            _("当前答复时限"),
                            timezone.localtime(a.answer_deadline).strftime("%Y-%m-%d %H:%M"),
                        ),
                    ],
                )

    def _return_panels(self, r: ReturnRequest, a: Assignment) -> None:
        """An open return: the leader's review, the statement, and the platform's dispute
        review and decision — each to whom the action's own check lets through."""
        actor, ticket = self.actor, self.ticket
        info = [
            (_("退单单位"), r.unit.name),
            (_("核实调查情况"), r.findings),
            (_("政策依据"), r.policy_basis),
            (_("建议承办单位"), r.suggested_unit.name),
            (_("情况说明"), r.statement_name or _("（尚未上传）")),
        ]
        if r.dispute_reason:
            info.append((_("争议事由"), r.dispute_reason))
        link = (_("查看情况说明"), r.statement_url) if r.statement else None
        if r.status == ReturnStatus.LEADER_REVIEW and permits(
            lambda: permissions.require_unit_leader(actor, r, ticket)
        ):
            self.panel(
                "return_leader", _("分管负责同志审核退单"), AGREE, r.pk, info=info, link=link
            )
        if requests_workflow.can(r, "attach_statement") and permissions.may(
            actor, "attach_statement", unit_id=a.unit_id
        ):
            self.panel(
                "statement_upload",
                _("上传加盖公章的退单情况说明"),
                _("上传情况说明"),
                r.pk,
                link=link,
            )
        if r.status not in (ReturnStatus.PENDING, ReturnStatus.DISPUTED) or not permits(
            lambda: permissions.require_decider(
                actor, a.dispatched_from, "", rule="R15", ticket=ticket
            )
        ):
            return
        top_main = a.role == AssignmentRole.MAIN and a.parent_id is None
        may_give_back = top_main and workflow.can(ticket, "return_to_platform")
        if r.status == ReturnStatus.DISPUTED:
            title = _("派单争议裁定：同意退单即改派，不同意由原单位办理")
        elif may_give_back:
            title = _("审核退单（同意即改派，或退回本平台）")
        else:
            title = _("审核退单（同意即改派）")
        panel = self.panel(
            "return_decide",
            title,
            AGREE,
            r.pk,
            initial={"new_main_unit": r.suggested_unit.name},
            info=info,
            link=link,
        )
        if not may_give_back:
            panel.form.fields.pop("back_to_platform", None)  # only the top hop's main unit
        # the exception after the decision: a dispute over whose duty it is
        if requests_workflow.can(r, "open_dispute"):
            self.panel(
                "return_dispute",
                _("发起派单争议审核（职责有争议时）"),
                _("发起争议审核"),
                r.pk,
                info=info[:4],
            )

    def _review_panels(self) -> None:
        actor = self.actor
        by_id = {a.pk: a for a in self.assignments}
        replies = Reply.objects.filter(
            assignment__ticket=self.ticket, status=ReplyStatus.IN_REVIEW
        ).order_by("id")
        for r in replies:
            a = by_id[r.assignment_id]
            parent = by_id.get(a.parent_id) if a.parent_id else None
            a.parent = parent
            if permits(
                lambda r=r, a=a: permissions.require_reviewer(
                    actor, r, a, label=r.current_level_label
                )
            ):
                self.panel(
                    "review",
                    _("审核答复（%(u)s，%(l)s）") % {"u": a.unit.name, "l": r.current_level_label},
                    APPROVE,
                    r.pk,
                    info=[(_("答复内容"), r.content)],
                )

    def _supervision_panels(self) -> None:
        t, actor = self.ticket, self.actor
        self.supervisions = list(
            Supervision.objects.filter(ticket=t).select_related("unit").order_by("id")
        )
        self.escalations = list(
            Escalation.objects.filter(ticket=t).select_related("unit").order_by("id")
        )
        self.instructions = list(
            Instruction.objects.filter(ticket=t).select_related("unit").order_by("id")
        )
        if self._may("escalate") and workflow.can(t, "escalate"):
            self.panel("escalate", _("提级协调"), _("提级协调"))
        open_ = [s for s in self.supervisions if s.closed_at is None]
        if self._may("supervise") and workflow.can(t, "supervise") and not open_:
            self.panel("supervise", _("督办"), _("督办"))
        if self._may("close_supervision"):
            for s in open_:
                self.panel(
                    "supervision_close",
                    _("办结督办（%s）") % (s.unit.name if s.unit_id else _("主办单位")),
                    _("办结督办"),
                    s.pk,
                    info=[
                        (_("督办事由"), s.reason),
                        (_("督办时限"), timezone.localtime(s.deadline).strftime("%Y-%m-%d %H:%M")),
                        (_("单位反馈"), s.feedback or _("（尚未反馈）")),
                    ],
                )
        if self._may("instruct"):
            self.panel("instruct", _("登记领导批示"), _("登记批示"))
        if self._may("transfer_clue"):
            self.panel("clue", _("移交问题线索"), _("移交线索"))
        tasks: list[tuple[str, Any, str]] = [
            *(("escalation", e, _("提级协调")) for e in self.escalations),
            *(("supervision", s, _("督办")) for s in open_),
            *(("instruction", i, _("批示件")) for i in self.instructions),
        ]
        for kind, task, label in tasks:
            if task.feedback_at is None and may_give_feedback(actor, task):
                reason = getattr(task, "reason", None) or getattr(task, "content", "")
                self.panel(
                    f"{kind}_feedback",
                    _("反馈%s") % label,
                    _("反馈"),
                    task.pk,
                    info=[(_("事由"), reason)],
                )
