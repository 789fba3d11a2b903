"""The states of a unit's requests, as data for the one workflow engine (``tickets.workflow``):
a table of (state, action) → state each; a move the table does not allow is a Conflict naming
the rule."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiesu.handling.choices import ExtensionStatus as E
from jiesu.handling.choices import ReturnStatus as R
from jiesu.tickets import workflow
from jiesu.tickets.workflow import Step, Workflow

EXTENSION_STEPS: dict[str, Step] = {
    "approve": Step(_("批准延期"), "R8b", {E.PENDING: E.APPROVED}),
    "refuse": Step(_("不批准延期"), "R8b", {E.PENDING: E.REFUSED}),
    # The assignment is withdrawn (its ticket merged, R20): nothing is left to extend.
    "withdraw": Step(_("撤回延期申请"), "R20", {E.PENDING: E.WITHDRAWN}),
}

RETURN_STEPS: dict[str, Step] = {
    # The unit's leader reviews first (退单需经承办单位分管负责同志审核): approved, the request
    # goes to the platform's queue; refused, the work goes back to the handler.
    "leader_approve": Step(_("分管负责同志同意退单"), "R15", {R.LEADER_REVIEW: R.PENDING}),
    "leader_refuse": Step(_("分管负责同志不同意退单"), "R15", {R.LEADER_REVIEW: R.LEADER_REFUSED}),
    "attach_statement": Step(
        _("上传退单情况说明"),
        "R15",
        {R.LEADER_REVIEW: R.LEADER_REVIEW, R.PENDING: R.PENDING, R.DISPUTED: R.DISPUTED},
    ),
    "open_dispute": Step(_("发起派单争议审核"), "R15", {R.PENDING: R.DISPUTED}),
    "accept": Step(_("同意退单"), "R15", {R.PENDING: R.ACCEPTED, R.DISPUTED: R.ACCEPTED}),
    "refuse": Step(_("不同意退单"), "R15", {R.PENDING: R.REFUSED, R.DISPUTED: R.REFUSED}),
    # The assignment is withdrawn (its ticket merged, R20): nothing is left to return.
    "withdraw": Step(
        _("撤回退单申请"),
        "R20",
        {R.LEADER_REVIEW: R.WITHDRAWN, R.PENDING: R.WITHDRAWN, R.DISPUTED: R.WITHDRAWN},
    ),
}


EXTENSION = Workflow(_("延期申请"), dict(E.choices), EXTENSION_STEPS)
RETURN = Workflow(_("退单申请"), dict(R.choices), RETURN_STEPS)

# the one engine's verbs (these requests are registered with it when the apps are ready)
can, target, move = workflow.can, workflow.target, workflow.move
