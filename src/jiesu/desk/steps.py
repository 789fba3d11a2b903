"""Every step of the ticket page as one row of a table: what it acts on, its form, the action
it calls, the role verb asked before its form is read, and what the person is told when it is
done. One generic view (``views.steps.step_view``) serves every row, the URLs are made from the
rows, and the page (``ticket_page``) builds each panel from its row, so a new step is one row
here plus the question of when the page offers it.

A form's fields are named like the action's keyword arguments: the view calls
``act(<ticket number or object id>, **cleaned_data, actor=actor)``; a decision taken with two
buttons (通过/退回重办, 同意/不同意) also passes the button pressed as ``choice``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiesu.diversion.actions import divert_ticket, record_external_result
from jiesu.handling import actions as handling
from jiesu.handling import queries as handling_queries
from jiesu.organisation.actor import Actor
from jiesu.supervision.actions import (
    close_supervision,
    escalate_ticket,
    give_feedback,
    open_supervision,
    record_instruction,
    transfer_clue,
)
from jiesu.supervision.models import Escalation, Instruction, Supervision
from jiesu.supervision.queries import get_task_for_user
from jiesu.tickets import actions
from jiesu.tickets.actions.classify import change_category, classify_ticket
from jiesu.tickets.actions.merge import merge_ticket, unmerge_ticket
from jiesu.tickets.actions.redispatch import redispatch_assignment
from jiesu.tickets.queries import get_assignment_for_user, get_reply_for_user, get_ticket_for_user

from . import ticket_forms as f

Fetch = Callable[[Actor, str, int], Any]


@dataclass(frozen=True)
class Target:
    """What a step acts on: its URL segment, the prefix of its forms' keys, and the API's
    permission-checked accessor (what the person cannot see is not found)."""

    path: str
    prefix: str
    fetch: Fetch


TARGETS: dict[str, Target] = {
    "ticket": Target("", "", lambda actor, number, pk: get_ticket_for_user(actor, number)),
    "assignment": Target(
        "a/<int:pk>/", "a", lambda actor, number, pk: get_assignment_for_user(actor, pk)
    ),
    "reply": Target("r/<int:pk>/", "p", lambda actor, number, pk: get_reply_for_user(actor, pk)),
    "return": Target(
        "return/<int:pk>/",
        "r",
        lambda actor, number, pk: handling_queries.get_return_for_user(actor, pk),
    ),
    "extension": Target(
        "extension/<int:pk>/",
        "e",
        lambda actor, number, pk: handling_queries.get_extension_for_user(actor, pk),
    ),
    **{
        kind: Target(
            f"{kind}/<int:pk>/",
            kind,
            lambda actor, number, pk, model=model: get_task_for_user(actor, model, pk),
        )
        for kind, model in (
            ("escalation", Escalation),
            ("supervision", Supervision),
            ("instruction", Instruction),
        )
    },
}


@dataclass(frozen=True)
class Step:
    name: str  # the URL's name and last segment (``_`` → ``-``), and the form's key
    on: str  # a key of TARGETS
    form: type[forms.Form]
    act: Callable[..., Any]
    ok: Any  # the message when done; (yes, no) for a decision of two buttons; or f(yes, data)
    verb: str | None = None  # the role verb asked of the permission module before the form
    choice: str | None = None  # the keyword that takes the button pressed (approve, accept)
    units: str | None = None  # the unit list (``ticket_forms.UNIT_LISTS``) its fields name
    slug: str = ""  # the URL's last segment and the key's end, when shorter than the name

    def key(self, pk: int | None = None) -> str:
        """The form's prefix, unique on the page: ``dispatch``, ``a12-sign``, ``r3-decide``."""
        end = self.slug or self.name
        return end if pk is None else f"{TARGETS[self.on].prefix}{pk}-{end}"

    def route(self) -> str:
        return TARGETS[self.on].path + (self.slug or self.name).replace("_", "-") + "/"

    def message(self, yes: bool | None, data: dict) -> str:
        if callable(self.ok):
            return str(self.ok(yes, data))
        return str(self.ok[0 if yes else 1] if isinstance(self.ok, tuple) else self.ok)

    def bind(self, actor: Actor, pk: int | None, data=None, files=None, **kwargs) -> forms.Form:
        if self.units:
            kwargs["units"] = f.UNIT_LISTS[self.units](actor)
        return self.form(data, files, prefix=self.key(pk), **kwargs)


def _attach_statement(request_id: int, *, file, actor: Actor):
    return handling.attach_statement(
        request_id, name=file.name, stream=file, size=file.size, actor=actor
    )


def _return_decided(accept: bool, data: dict) -> str:
    if not accept:
        return _("已不同意退单，工单退回原单位办理。")
    if data.get("back_to_platform"):
        return _("已同意退单，工单退回本平台：可分流、在线直办或重新派单。")
    return _("已同意退单并改派。")


DISPATCH, ALL = "dispatch-units", "all-units"
TWO = "approve"

# fmt: off
ROWS = [
    # the platform's steps on the ticket
    Step("dispatch", "ticket", f.DispatchForm, actions.dispatch_ticket, _("已派单。"), verb="dispatch", units=DISPATCH),
    Step("answer_online", "ticket", f.AnswerOnlineForm, actions.answer_online, _("已在线直办答复。"), verb="answer_online"),
    Step("divert", "ticket", f.DivertForm, divert_ticket, _("已分流。"), verb="divert"),
    Step("merge", "ticket", f.MergeForm, merge_ticket, _("已并单。"), verb="merge"),
    Step("unmerge", "ticket", f.UnmergeForm, unmerge_ticket, _("已取消并单，工单回到待派单。"), verb="unmerge"),
    Step("classify", "ticket", f.ClassifyForm, classify_ticket, _("分类已调整。"), verb="classify"),
    Step("category", "ticket", f.CategoryForm, change_category, _("派单目录已调整。"), verb="classify"),
    Step("callback", "ticket", f.CallbackForm, actions.callback_ticket, _("回访已记录。"), verb="callback"),
    Step("close", "ticket", f.CloseForm, actions.close_ticket, _("工单已办结。"), verb="close"),
    Step("external_result", "ticket", f.ExternalResultForm, record_external_result, _("外部渠道办理结果已登记。"), verb="sync_diversion"),
    # the supervision desk's steps on the ticket
    Step("escalate", "ticket", f.EscalateForm, escalate_ticket, _("已提级协调。"), verb="escalate"),
    Step("supervise", "ticket", f.SuperviseForm, open_supervision, _("已督办。"), verb="supervise", units=ALL),
    Step("instruct", "ticket", f.InstructionForm, record_instruction, _("领导批示已登记。"), verb="instruct", units=ALL),
    Step("clue", "ticket", f.ClueForm, transfer_clue, _("问题线索已移交。"), verb="transfer_clue", units=ALL),
    Step("supervision_close", "supervision", f.SupervisionCloseForm, close_supervision, _("督办已办结。"), verb="close_supervision", slug="close"),
    Step("escalation_feedback", "escalation", f.FeedbackForm, partial(give_feedback, Escalation), _("反馈已提交。"), slug="feedback"),
    Step("supervision_feedback", "supervision", f.FeedbackForm, partial(give_feedback, Supervision), _("反馈已提交。"), slug="feedback"),
    Step("instruction_feedback", "instruction", f.FeedbackForm, partial(give_feedback, Instruction), _("反馈已提交。"), slug="feedback"),
    # the handling unit's steps on its assignment
    Step("sign", "assignment", f.EmptyForm, actions.sign_assignment, _("已签收。")),
    Step("reply", "assignment", f.ContentForm, actions.submit_reply, _("答复已提交审核。")),
    Step("extension", "assignment", f.ExtensionForm, handling.request_extension, _("延期申请已提交，等待派单平台审核。")),
    Step("return", "assignment", f.ReturnForm, handling.request_return, _("退单申请已提交，等待本单位分管负责同志审核。"), units=ALL),
    Step("redispatch", "assignment", f.DispatchForm, redispatch_assignment, _("已转派。"), units=DISPATCH),
    Step("review", "reply", f.ReviewForm, actions.review_reply, (_("答复审核通过。"), _("答复已退回重办。")), choice=TWO),
    # returns and extensions: the unit's statement and leader, the platform's decisions
    Step("statement_upload", "return", f.StatementForm, _attach_statement, _("退单情况说明已上传。")),
    Step("return_leader", "return", f.LeaderOpinionForm, handling.leader_review_return, (_("已同意退单，报派单平台审核。"), _("已不同意退单，退回承办人继续办理。")), choice=TWO, slug="leader"),
    Step("return_dispute", "return", f.DisputeForm, handling.open_dispute, _("已发起派单争议审核，请在裁定后同意或不同意退单。"), slug="dispute"),
    Step("return_decide", "return", f.ReturnDecisionForm, handling.decide_return, _return_decided, choice="accept", units=DISPATCH, slug="decide"),
    Step("extension_decide", "extension", f.OpinionForm, handling.decide_extension, (_("已批准延期。"), _("已不批准延期。")), choice=TWO, slug="decide"),
]
# fmt: on

STEPS: dict[str, Step] = {step.name: step for step in ROWS}
