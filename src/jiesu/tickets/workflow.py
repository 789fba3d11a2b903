"""The workflow as data: which action may move a ticket or an assignment from which state.

This module is the only writer of ``status``. Actions call :func:`move`, which checks the table,
sets the new status on the object and returns the field names to save; a move that the table
does not allow raises :class:`~jiesu.core.errors.Conflict` naming the rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiesu.core.errors import Conflict
from jiesu.tickets.choices import AssignmentStatus as A
from jiesu.tickets.choices import TicketStatus as T


@dataclass(frozen=True)
class Step:
    label: str  # Chinese verb shown in refusals
    rule: str  # DESIGN rule it implements
    moves: dict[str, str]  # from state -> to state


TICKET_STEPS: dict[str, Step] = {
    "answer_online": Step("在线直办", "R11", {T.ACCEPTED: T.ANSWERED_ONLINE}),
    "divert": Step("分流", "R12", {T.ACCEPTED: T.DIVERTED}),
    "dispatch": Step("派单", "R13", {T.ACCEPTED: T.DISPATCHED}),
    "reply_approved": Step("答复办结", "R16", {T.DISPATCHED: T.REPLIED, T.REHANDLING: T.REPLIED}),
    "callback_satisfied": Step("回访办结", "R17", {T.REPLIED: T.CLOSED, T.ANSWERED_ONLINE: T.CLOSED}),
    # An online answer that did not help goes back to the platform: answered again or dispatched.
    "callback_unsatisfied": Step("回访不满意重办", "R17", {T.REPLIED: T.REHANDLING, T.ANSWERED_ONLINE: T.ACCEPTED}),
    "callback_unreached": Step("回访未联系上", "R17", {T.REPLIED: T.REPLIED, T.ANSWERED_ONLINE: T.ANSWERED_ONLINE}),
    "close": Step("办结", "R17", {T.REPLIED: T.CLOSED, T.ANSWERED_ONLINE: T.CLOSED, T.DIVERTED: T.CLOSED}),
    # A merged ticket closes with its primary (R20) and its caller is then called back with the
    # primary's answer: reached, it stays closed; unsatisfied, it is the platform's own case again.
    "close_with_primary": Step("随主单办结", "R20", {T.MERGED: T.CLOSED}),
    "merged_callback": Step("并单回访", "R20", {T.CLOSED: T.CLOSED}),
    "merged_callback_unsatisfied": Step("并单回访不满意重办", "R20", {T.CLOSED: T.ACCEPTED}),
    "merge": Step("并单", "R20", {T.ACCEPTED: T.MERGED, T.DISPATCHED: T.MERGED, T.REHANDLING: T.MERGED}),
    "unmerge": Step("取消并单", "R20", {T.MERGED: T.ACCEPTED}),
    "external_result": Step("回传外部办理结果", "R12", {T.DIVERTED: T.CLOSED, T.CLOSED: T.CLOSED}),
    # Marks that leave the status as it is, but only on open tickets:
    "classify": Step("调整分类", "R4", {s: s for s in (T.ACCEPTED, T.DISPATCHED, T.REHANDLING, T.REPLIED)}),
    "escalate": Step("提级协调", "R18", {s: s for s in (T.DISPATCHED, T.REHANDLING, T.REPLIED)}),
    "supervise": Step("督办", "R18", {s: s for s in (T.ACCEPTED, T.DISPATCHED, T.REHANDLING, T.REPLIED, T.ANSWERED_ONLINE)}),
}

ASSIGNMENT_STEPS: dict[str, Step] = {
    "sign": Step("签收", "R14", {A.PENDING_SIGN: A.HANDLING}),
    "submit_reply": Step("提交答复", "R16", {A.HANDLING: A.REPLY_REVIEW}),
    "approve_reply": Step("答复审核通过", "R16", {A.REPLY_REVIEW: A.ANSWERED}),
    "send_back_reply": Step("答复退回重办", "R16", {A.REPLY_REVIEW: A.HANDLING}),
    "children_answered": Step("下级答复办结", "R3", {A.REDISPATCHED: A.ANSWERED}),
    "rehandle": Step("重办", "R17", {A.ANSWERED: A.HANDLING}),
    "apply_return": Step("申请退单", "R15", {A.PENDING_SIGN: A.RETURN_REVIEW, A.HANDLING: A.RETURN_REVIEW}),
    "accept_return": Step("同意退单", "R15", {A.RETURN_REVIEW: A.RETURNED}),
    "refuse_return": Step("不同意退单", "R15", {A.RETURN_REVIEW: A.HANDLING}),
    "leader_refuse_return": Step("分管负责同志不同意退单", "R15", {A.RETURN_REVIEW: A.HANDLING}),
    "redispatch": Step("转派", "R3", {A.PENDING_SIGN: A.REDISPATCHED, A.HANDLING: A.REDISPATCHED}),
    "withdraw": Step("撤回", "R20", {
        A.PENDING_SIGN: A.WITHDRAWN, A.HANDLING: A.WITHDRAWN, A.REPLY_REVIEW: A.WITHDRAWN,
        A.RETURN_REVIEW: A.WITHDRAWN, A.REDISPATCHED: A.WITHDRAWN,
    }),
}

_TICKET_LABELS = dict(T.choices)
_ASSIGNMENT_LABELS = dict(A.choices)


def _table(obj) -> tuple[dict[str, Step], dict[str, str], str]:
    from jiesu.tickets.models import Assignment, Ticket

    if isinstance(obj, Ticket):
        return TICKET_STEPS, _TICKET_LABELS, "工单"
    if isinstance(obj, Assignment):
        return ASSIGNMENT_STEPS, _ASSIGNMENT_LABELS, "交办单"
    raise TypeError(f"no workflow for {type(obj).__name__}")


def can(obj, action: str) -> bool:
    steps, _, _ = _table(obj)
    return obj.status in steps[action].moves


def target(obj, action: str) -> str:
    """The state ``action`` would lead to, or a Conflict naming the rule."""
    steps, labels, noun = _table(obj)
    step = steps[action]
    new = step.moves.get(obj.status)
    if new is None:
        raise Conflict(
            "state_conflict",
            f"{noun}当前状态为「{labels.get(obj.status, obj.status)}」，不能{step.label}（{step.rule}）。",
            rule=step.rule,
            action=action,
            state=obj.status,
        )
    return new


def move(obj, action: str) -> list[str]:
    """Apply ``action`` to ``obj`` in memory; return the fields to save."""
    obj.status = target(obj, action)
    return ["status"]
