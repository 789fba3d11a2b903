"""The 兜底办 case's own steps, as data for the one workflow engine (``tickets.workflow``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jiesu.enterprise.choices import CaseStatus as C
from jiesu.tickets.workflow import Step, Workflow

CASE_STEPS: dict[str, Step] = {
    "accept": Step(gettext_lazy("综合受理"), "R10", {C.REGISTERED: C.ACCEPTED}),
    "decline": Step(gettext_lazy("不予受理"), "R10", {C.REGISTERED: C.DECLINED}),
    "coordinate": Step(gettext_lazy("分级协调"), "R13", {C.ACCEPTED: C.ACCEPTED}),
}

CASE = Workflow(gettext_lazy("兜底办诉求"), dict(C.choices), CASE_STEPS)
