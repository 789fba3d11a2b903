"""The workflow as data, one engine for every stateful object: which action may move a ticket,
an assignment, a reply or a unit's request (``handling.workflow``) from which state.

This module is the only writer of ``status``. Actions call :func:`move`, which finds the
object's table, checks it, sets the new status on the object and returns the field names to
save; a move that the table does not allow raises :class:`~jiesu.core.errors.Conflict` naming
the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import Conflict
from jiesu.tickets.choices import AssignmentStatus as A
from jiesu.tickets.choices import ReplyStatus as R
from jiesu.tickets.choices import TicketStatus as T

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Step:
    label: StrOrPromise  # Chinese verb shown in refusals
    rule: str  # DESIGN rule it implements
    moves: dict[str, str]  # from state -> to state


TICKET_STEPS: dict[str, Step] = {
    "answer_online": Step(gettext_lazy("在线直办"), "R11", {T.ACCEPTED: T.ANSWERED_ONLINE}),
    "divert": Step(gettext_lazy("分流"), "R12", {T.ACCEPTED: T.DIVERTED}),
    "dispatch": Step(gettext_lazy("派单"), "R13", {T.ACCEPTED: T.DISPATCHED}),
    # 兜底办 不予受理: a case's own ticket ends with the reason told to the company
    "decline": Step(gettext_lazy("不予受理"), "R10", {T.ACCEPTED: T.CLOSED}),
    "reply_approved": Step(
        gettext_lazy("答复办结"), "R16", {T.DISPATCHED: T.REPLIED, T.REHANDLING: T.REPLIED}
    ),
    "callback_satisfied": Step(
        gettext_lazy("回访办结"), "R17", {T.REPLIED: T.CLOSED, T.ANSWERED_ONLINE: T.CLOSED}
    ),
    # An online answer that did not help goes back to the platform: answered again or dispatched.
    "callback_unsatisfied": Step(
        gettext_lazy("回访不满意重办"),
        "R17",
        {T.REPLIED: T.REHANDLING, T.ANSWERED_ONLINE: T.ACCEPTED},
    ),
    "callback_unreached": Step(
        gettext_lazy("回访未联系上"),
        "R17",
        {T.REPLIED: T.REPLIED, T.ANSWERED_ONLINE: T.ANSWERED_ONLINE},
    ),
    "close": Step(
        gettext_lazy("办结"),
        "R17",
        {T.REPLIED: T.CLOSED, T.ANSWERED_ONLINE: T.CLOSED, T.DIVERTED: T.CLOSED},
    ),
    # A merged ticket closes with its primary (R20) and its caller is then called back with the
    # primary's answer: reached, it stays closed; unsatisfied, it is the platform's own case again.
    "close_with_primary": Step(gettext_lazy("随主单办结"), "R20", {T.MERGED: T.CLOSED}),
    "merged_callback": Step(gettext_lazy("并单回访"), "R20", {T.CLOSED: T.CLOSED}),
    "merged_callback_unsatisfied": Step(
        gettext_lazy("并单回访不满意重办"), "R20", {T.CLOSED: T.ACCEPTED}
    ),
    "merge": Step(
        gettext_lazy("并单"),
        "R20",
        {T.ACCEPTED: T.MERGED, T.DISPATCHED: T.MERGED, T.REHANDLING: T.MERGED},
    ),
    "unmerge": Step(gettext_lazy("取消并单"), "R20", {T.MERGED: T.ACCEPTED}),
    # An accepted return that no unit takes over gives the ticket back to the platform, to be
    # diverted (R12), answered or dispatched anew (decision 0036).
    "return_to_platform": Step(
        gettext_lazy("退单退回平台"), "R15", {T.DISPATCHED: T.ACCEPTED, T.REHANDLING: T.ACCEPTED}
    ),
    "external_result": Step(
        gettext_lazy("回传外部办理结果"), "R12", {T.DIVERTED: T.CLOSED, T.CLOSED: T.CLOSED}
    ),
    # Marks that leave the status as it is, but only on open tickets:
    "classify": Step(
        gettext_lazy("调整分类"),
        "R4",
        {s: s for s in (T.ACCEPTED, T.DISPATCHED, T.REHANDLING, T.REPLIED)},
    ),
    "change_category": Step(
        gettext_lazy("调整派单目录"),
        "R6",
        {s: s for s in (T.ACCEPTED, T.DISPATCHED, T.REHANDLING, T.REPLIED)},
    ),
    "escalate": Step(
        gettext_lazy("提级协调"), "R18", {s: s for s in (T.DISPATCHED, T.REHANDLING, T.REPLIED)}
    ),
    "supervise": Step(
        gettext_lazy("督办"),
        "R18",
        {s: s for s in (T.ACCEPTED, T.DISPATCHED, T.REHANDLING, T.REPLIED, T.ANSWERED_ONLINE)},
    ),
}

ASSIGNMENT_STEPS: dict[str, Step] = {
    "sign": Step(gettext_lazy("签收"), "R14", {A.PENDING_SIGN: A.HANDLING}),
    "submit_reply": Step(gettext_lazy("提交答复"), "R16", {A.HANDLING: A.REPLY_REVIEW}),
    "approve_reply": Step(gettext_lazy("答复审核通过"), "R16", {A.REPLY_REVIEW: A.ANSWERED}),
    "send_back_reply": Step(gettext_lazy("答复退回重办"), "R16", {A.REPLY_REVIEW: A.HANDLING}),
    "children_answered": Step(gettext_lazy("下级答复办结"), "R3", {A.REDISPATCHED: A.ANSWERED}),
    "rehandle": Step(gettext_lazy("重办"), "R17", {A.ANSWERED: A.HANDLING}),
    "apply_return": Step(
        gettext_lazy("申请退单"),
        "R15",
        {A.PENDING_SIGN: A.RETURN_REVIEW, A.HANDLING: A.RETURN_REVIEW},
    ),
    "accept_return": Step(gettext_lazy("同意退单"), "R15", {A.RETURN_REVIEW: A.RETURNED}),
    "refuse_return": Step(gettext_lazy("不同意退单"), "R15", {A.RETURN_REVIEW: A.HANDLING}),
    "leader_refuse_return": Step(
        gettext_lazy("分管负责同志不同意退单"), "R15", {A.RETURN_REVIEW: A.HANDLING}
    ),
    "redispatch": Step(
        gettext_lazy("转派"), "R3", {A.PENDING_SIGN: A.REDISPATCHED, A.HANDLING: A.REDISPATCHED}
    ),
    # Marks that leave the status as it is, allowed only in the states listed:
    "request_extension": Step(
        gettext_lazy("申请延期"), "R8b", {A.HANDLING: A.HANDLING, A.REDISPATCHED: A.REDISPATCHED}
    ),
    "withdraw": Step(
        gettext_lazy("撤回"),
        "R20",
        {
            A.PENDING_SIGN: A.WITHDRAWN,
            A.HANDLING: A.WITHDRAWN,
            A.REPLY_REVIEW: A.WITHDRAWN,
            A.RETURN_REVIEW: A.WITHDRAWN,
            A.REDISPATCHED: A.WITHDRAWN,
        },
    ),
}

REPLY_STEPS: dict[str, Step] = {
    "approve": Step(gettext_lazy("答复审核通过"), "R16", {R.IN_REVIEW: R.APPROVED}),
    "send_back": Step(gettext_lazy("答复退回重办"), "R16", {R.IN_REVIEW: R.SENT_BACK}),
}


@dataclass(frozen=True)
class Workflow:
    """One table of (state, action) → state for one kind of object, named in refusals."""

    noun: StrOrPromise  # the object's Chinese name, e.g. 工单
    labels: dict[str, StrOrPromise]  # state → Chinese label
    steps: dict[str, Step]

    def can(self, obj, action: str) -> bool:
        return obj.status in self.steps[action].moves

    def target(self, obj, action: str) -> str:
        """The state ``action`` would lead to, or a Conflict naming the rule."""
        step = self.steps[action]
        new = step.moves.get(obj.status)
        if new is None:
            raise Conflict(
                "state_conflict",
                _("%(noun)s当前状态为「%(get)s」，不能%(label)s（%(rule)s）。")
                % {
                    "noun": self.noun,
                    "get": self.labels.get(obj.status, obj.status),
                    "label": str(step.label),
                    "rule": step.rule,
                },
                rule=step.rule,
                action=action,
                state=obj.status,
            )
        return new

    def move(self, obj, action: str) -> list[str]:
        """Apply ``action`` to ``obj`` in memory; return the fields to save."""
        obj.status = self.target(obj, action)
        return ["status"]


TICKET = Workflow(gettext_lazy("工单"), dict(T.choices), TICKET_STEPS)
ASSIGNMENT = Workflow(gettext_lazy("交办单"), dict(A.choices), ASSIGNMENT_STEPS)
REPLY = Workflow(gettext_lazy("答复"), dict(R.choices), REPLY_STEPS)

# model class → its workflow, registered when the apps are ready (tickets: tickets, assignments,
# replies; handling: its requests)
_WORKFLOWS: dict[type, Workflow] = {}


def register(model: type, workflow: Workflow) -> None:
    _WORKFLOWS[model] = workflow


def of(obj) -> Workflow:
    workflow = _WORKFLOWS.get(type(obj))
    if workflow is None:
        raise TypeError(f"no workflow for {type(obj).__name__}")
    return workflow


def can(obj, action: str) -> bool:
    return of(obj).can(obj, action)


def target(obj, action: str) -> str:
    """The state ``action`` would lead to, or a Conflict naming the rule."""
    return of(obj).target(obj, action)


def move(obj, action: str) -> list[str]:
    """Apply ``action`` to ``obj`` in memory; return the fields to save."""
    return of(obj).move(obj, action)
