"""The states of a knowledge document, as data for the one workflow engine
(``tickets.workflow``): only a valid (有效) document is ever suggested (R11)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from jiesu.knowledge.choices import DocumentStatus as D
from jiesu.tickets.workflow import Step, Workflow

#: the administrator's verbs, in the order the desk and the CLI offer them
VERBS = ("expire", "disable", "enable")

DOCUMENT_STEPS: dict[str, Step] = {
    "expire": Step(gettext_noop("标记失效"), "R11", {D.ACTIVE: D.EXPIRED, D.DISABLED: D.EXPIRED}),
    "disable": Step(gettext_noop("停用"), "R11", {D.ACTIVE: D.DISABLED}),
    "enable": Step(gettext_noop("恢复启用"), "R11", {D.DISABLED: D.ACTIVE}),
    # a newer version of the same document (same 文号 or title and issuer) replaces it
    "supersede": Step(
        gettext_noop("以新版本替代"),
        "R11",
        {D.ACTIVE: D.SUPERSEDED, D.DISABLED: D.SUPERSEDED, D.EXPIRED: D.SUPERSEDED},
    ),
}

DOCUMENT = Workflow(gettext_noop("知识文档"), dict(D.choices), DOCUMENT_STEPS)
