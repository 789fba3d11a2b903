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

from jiesu.catalogue.queries import proposal_for
from jiesu.core.errors import Forbidden, NotFound, ValidationFailed
from jiesu.handling import workflow as requests_workflow
from jiesu.handling.choices import OPEN_RETURN_STATUSES, ExtensionStatus, ReturnStatus
from jiesu.handling.models import ExtensionRequest, ReturnRequest
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import UnitKind
from jiesu.organisation.models import Unit
from jiesu.organisation.rules import check_handling_unit
from jiesu.supervision.actions import may_give_feedback
from jiesu.supervision.models import Escalation, Instruction, Supervision
from jiesu.tickets import workflow
from jiesu.tickets.actions.dispatch import acting_platform, dispatchable
from jiesu.tickets.actions.intake import answerable_online
from jiesu.tickets.choices import ReplyStatus
from jiesu.tickets.models import Assignment, Reply, Ticket
from jiesu.workdays.loader import get_calendar

from . import ticket_forms as f

APPROVE = [("approve", "1", _("通过")), ("approve", "0", _("退回重办"))]
AGREE = [("approve", "1", _("同意")), ("approve", "0", _("不同意"))]


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


def countdown(deadline: datetime, now: datetime, *, done: bool) -> dict:
    """A deadline as working time left (or late): 1.5 → "1个工作日4小时"; ``due_soon`` within one
    working day."""
    if done:
        return {"text": "", "css": ""}
    calendar = get_calendar()
    late = deadline < now
    days = calendar.working_days_between(*((deadline, now) if late else (now, deadline)))
    whole, hours = int(days), round((days - int(days)) * 8)
    parts = []
    if whole:
        parts.append(_("%d个工作日") % whole)
    if hours or not whole:
        parts.append(_("%d小时") % hours)
    text = "".join(parts)
    if late:
        return {"text": _("已超期%s") % text, "css": "late"}
    return {"text": _("剩余%s") % text, "css": "soon" if days < 1 else ""}


def platform_of(actor: Actor) -> Unit | None:
    """The platform the person dispatches for: their own; the city platform for administrators."""
    unit = actor.unit
    if unit is not None and unit.is_platform:
        return unit
    if actor.is_admin:
        return acting_platform(actor)
    return None


def all_units() -> list[tuple[str, str]]:
    """Every unit that handles work (a return's suggested unit, a supervised unit): R2 leaves
    villages and communities out."""
    qs = Unit.objects.filter(active=True).exclude(kind=UnitKind.VILLAGE)
    return list(qs.order_by("code").values_list("code", "name"))


def dispatchable_units(actor: Actor) -> list[tuple[str, str]]:
    """The units the person's platform may hand work to: R1–R3 asked of
    ``organisation.rules`` for each candidate."""
    platform = platform_of(actor)
    if platform is None:
        return []
    qs = Unit.objects.filter(active=True).exclude(kind=UnitKind.VILLAGE)
    if not platform.is_city_platform:
        qs = qs.filter(region_id=platform.region_id)
    out = []
    for unit in qs.select_related("region").order_by("kind", "code"):
        try:
            check_handling_unit(platform, unit)
        except ValidationFailed:
            continue  # the rules' refusal only leaves the unit off the list
        out.append((unit.code, unit.name))
    return out


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

    def form(self, key: str, cls: type[forms.Form], **kwargs) -> Any:
        return self.bound.get(key) or cls(prefix=key, **kwargs)

    def url(self, name: str, *args) -> str:
        return reverse(f"desk:{name}", args=[self.number, *args])

    def units(self, list_id: str) -> list[tuple[str, str]]:
        """(code, name) of the units a form may name, kept for the page's ``<datalist>``."""
        if list_id not in self.datalists:
            self.datalists[list_id] = (
                all_units() if list_id == "all-units" else dispatchable_units(self.actor)
            )
        return self.datalists[list_id]

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
        return {"main_unit": main.name, "assist_units": "、".join(u.name for u in assists)}

    # --- the page --------------------------------------------------------------------------

    def build(self) -> dict:
        self._platform_panels()
        self._assignment_panels()
        self._request_panels()
        self._review_panels()
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
            node = {
                "a": a,
                "sign": countdown(a.sign_deadline, self.now, done=a.signed_at is not None),
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
        if may("dispatch") and workflow.can(t, "dispatch") and dispatchable(t):
            initial = self.proposal_names(self.platform())
            self.panels.append(
                Panel(
                    "dispatch",
                    _("派单"),
                    self.url("dispatch"),
                    self.form(
                        "dispatch",
                        f.DispatchForm,
                        units=self.units("dispatch-units"),
                        initial=initial,
                    ),
                    [("", "", _("派单"))],
                    info=[(_("派单目录建议"), initial.get("main_unit") or _("（无，请选择）"))],
                )
            )
        if may("answer_online") and workflow.can(t, "answer_online") and answerable_online(t):
            self._simple("answer_online", _("在线直办"), f.AnswerOnlineForm, _("在线直办"))
        if may("divert") and workflow.can(t, "divert"):
            self._simple("divert", _("分流至其他渠道"), f.DivertForm, _("分流"))
        if may("merge") and workflow.can(t, "merge"):
            self._simple("merge", _("并单（同一事项多人反映）"), f.MergeForm, _("并单"))
        if may("classify") and workflow.can(t, "classify"):
            self.panels.append(
                Panel(
                    "classify",
                    _("调整分类"),
                    self.url("classify"),
                    self.form(
                        "classify",
                        f.ClassifyForm,
                        initial={
                            "dispatch_class": t.proposed_class or t.dispatch_class,
                            "track": t.track,
                        },
                    ),
                    [("", "", _("调整分类"))],
                )
            )
        if may("callback") and t.awaiting_callback:
            self._simple("callback", _("回访"), f.CallbackForm, _("回访"))

    def _simple(self, key: str, title: str, cls, button: str, **kwargs) -> None:
        self.panels.append(
            Panel(key, title, self.url(key), self.form(key, cls, **kwargs), [("", "", button)])
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
                self.panels.append(
                    Panel(
                        f"a{a.pk}-sign",
                        _("签收（%s）") % unit,
                        self.url("sign", a.pk),
                        forms.Form(),
                        [("", "", _("签收"))],
                    )
                )
            if (
                a.unit.is_county_platform
                and workflow.can(a, "redispatch")
                and permits(lambda a=a: permissions.require_redispatcher(actor, a))
            ):
                initial = self.proposal_names(a.unit)
                key = f"a{a.pk}-redispatch"
                self.panels.append(
                    Panel(
                        key,
                        _("转派至本县（市、区）部门或乡镇（街道）"),
                        self.url("redispatch", a.pk),
                        self.form(
                            key, f.DispatchForm, units=self.units("dispatch-units"), initial=initial
                        ),
                        [("", "", _("转派"))],
                        info=[(_("派单目录建议"), initial.get("main_unit") or _("（无，请选择）"))],
                    )
                )
            if workflow.can(a, "submit_reply"):
                key = f"a{a.pk}-reply"
                self.panels.append(
                    Panel(
                        key,
                        _("答复（%s）") % unit,
                        self.url("reply", a.pk),
                        self.form(key, f.ContentForm),
                        [("", "", _("提交答复"))],
                        info=self.reasons_back(a),
                    )
                )
            if (
                workflow.can(a, "request_extension")
                and a.pk not in pending_ext
                and permissions.may(actor, "request_extension", unit_id=a.unit_id)
            ):
                key = f"a{a.pk}-extension"
                self.panels.append(
                    Panel(
                        key,
                        _("申请延期（%s）") % unit,
                        self.url("extension", a.pk),
                        self.form(key, f.ExtensionForm),
                        [("", "", _("申请延期"))],
                    )
                )
            if workflow.can(a, "apply_return") and permissions.may(
                actor, "request_return", unit_id=a.unit_id
            ):
                key = f"a{a.pk}-return"
                self.panels.append(
                    Panel(
                        key,
                        _("申请退单（%s）") % unit,
                        self.url("return", a.pk),
                        self.form(key, f.ReturnForm, units=self.units("all-units")),
                        [("", "", _("申请退单"))],
                    )
                )

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
            info = [
                (_("退单单位"), r.unit.name),
                (_("核实调查情况"), r.findings),
                (_("政策依据"), r.policy_basis),
                (_("建议承办单位"), r.suggested_unit.name),
                (_("情况说明"), r.statement_name or _("（尚未上传）")),
            ]
            link = (_("查看情况说明"), r.statement_url) if r.statement else None
            if r.status == ReturnStatus.LEADER_REVIEW and permits(
                lambda r=r: permissions.require_unit_leader(actor, r, ticket)
            ):
                key = f"r{r.pk}-leader"
                self.panels.append(
                    Panel(
                        key,
                        _("分管负责同志审核退单"),
                        self.url("return_leader", r.pk),
                        self.form(key, f.OpinionForm),
                        AGREE,
                        info=info,
                        link=link,
                    )
                )
            if requests_workflow.can(r, "attach_statement") and permissions.may(
                actor, "attach_statement", unit_id=a.unit_id
            ):
                key = f"r{r.pk}-statement"
                self.panels.append(
                    Panel(
                        key,
                        _("上传加盖公章的退单情况说明"),
                        self.url("statement_upload", r.pk),
                        self.form(key, f.StatementForm),
                        [("", "", _("上传情况说明"))],
                        link=link,
                        multipart=True,
                    )
                )
            if r.status in (ReturnStatus.PENDING, ReturnStatus.DISPUTED) and permits(
                lambda a=a: permissions.require_decider(
                    actor, a.dispatched_from, "", rule="R15", ticket=ticket
                )
            ):
                key = f"r{r.pk}-decide"
                self.panels.append(
                    Panel(
                        key,
                        _("审核退单（同意即改派）"),
                        self.url("return_decide", r.pk),
                        self.form(
                            key,
                            f.ReturnDecisionForm,
                            units=self.units("dispatch-units"),
                            initial={"new_main_unit": r.suggested_unit.name},
                        ),
                        AGREE,
                        info=info,
                        link=link,
                    )
                )
        for e in self.extensions:
            a = by_id[e.assignment_id]
            if e.status != ExtensionStatus.PENDING:
                continue
            if permits(
                lambda a=a: permissions.require_decider(
                    actor, a.dispatched_from, "", rule="R8b", ticket=ticket
                )
            ):
                key = f"e{e.pk}-decide"
                self.panels.append(
                    Panel(
                        key,
                        _("审核延期申请"),
                        self.url("extension_decide", e.pk),
                        self.form(key, f.OpinionForm),
                        AGREE,
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
                key = f"p{r.pk}-review"
                self.panels.append(
                    Panel(
                        key,
                        _("审核答复（%(u)s，%(l)s）")
                        % {"u": a.unit.name, "l": r.current_level_label},
                        self.url("review", r.pk),
                        self.form(key, f.ReviewForm),
                        APPROVE,
                        info=[(_("答复内容"), r.content)],
                    )
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
            self._simple("escalate", _("提级协调"), f.EscalateForm, _("提级协调"))
        open_ = any(s.closed_at is None for s in self.supervisions)
        if self._may("supervise") and workflow.can(t, "supervise") and not open_:
            self._simple(
                "supervise", _("督办"), f.SuperviseForm, _("督办"), units=self.units("all-units")
            )
        if self._may("instruct"):
            self._simple(
                "instruct",
                _("登记领导批示"),
                f.InstructionForm,
                _("登记批示"),
                units=self.units("all-units"),
            )
        if self._may("transfer_clue"):
            self._simple(
                "clue", _("移交问题线索"), f.ClueForm, _("移交线索"), units=self.units("all-units")
            )
        tasks: list[tuple[str, Any, str]] = [
            *(("escalation", e, _("提级协调")) for e in self.escalations),
            *(("supervision", s, _("督办")) for s in self.supervisions if s.closed_at is None),
            *(("instruction", i, _("批示件")) for i in self.instructions),
        ]
        for kind, task, label in tasks:
            if task.feedback_at is None and may_give_feedback(actor, task):
                key = f"{kind}{task.pk}-feedback"
                reason = getattr(task, "reason", None) or getattr(task, "content", "")
                self.panels.append(
                    Panel(
                        key,
                        _("反馈%s") % label,
                        self.url("feedback", kind, task.pk),
                        self.form(key, f.FeedbackForm),
                        [("", "", _("反馈"))],
                        info=[(_("事由"), reason)],
                    )
                )
