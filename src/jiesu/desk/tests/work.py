"""A desk at work, for the home's tests in the test client and in the browser: one ticket in each
place a role's queue looks, built through the real actions on whatever clock the test runs."""

from __future__ import annotations

from datetime import datetime

from jiesu.handling.actions import request_extension, request_return
from jiesu.supervision.actions import escalate_ticket, open_supervision
from jiesu.testing.builders import dispatched, make_ticket, person
from jiesu.tickets import actions
from jiesu.tickets.actions.callback import main_assignment
from jiesu.tickets.actions.redispatch import redispatch_assignment


def desk_at_work(supervision_deadline: datetime | None = None) -> dict:
    """Housing's tickets waiting to be signed, in hand (an extension asked), in review and
    returned; the water company's; a county one re-dispatched to a street; one accepted, not yet
    dispatched. The new housing one is supervised (by ``supervision_deadline``, else its answer
    deadline); the one in hand escalated."""
    w = {}
    w["housing_new"] = dispatched(subject="楼道灯不亮")
    w["housing_signed"] = dispatched(subject="电梯故障")
    main = main_assignment(w["housing_signed"])
    actions.sign_assignment(main.pk, actor=person("handler"))
    request_extension(main.pk, working_days=3, reason="需现场勘查。", actor=person("handler"))
    w["housing_reply"] = dispatched(subject="噪声扰民")
    main = main_assignment(w["housing_reply"])
    actions.sign_assignment(main.pk, actor=person("handler"))
    actions.submit_reply(main.pk, "已处理。", actor=person("handler"))
    w["housing_return"] = dispatched(subject="自来水水压低")
    main = main_assignment(w["housing_return"])
    actions.sign_assignment(main.pk, actor=person("handler"))
    request_return(
        main.pk,
        findings="属供水企业职责。",
        policy_basis="《城市供水条例》",
        suggested_unit="hs-water",
        actor=person("handler"),
    )
    w["water"] = make_ticket(subject="停水三天")
    actions.dispatch_ticket(w["water"].number, main_unit="hs-water", actor=person("dispatcher"))
    w["county"] = make_ticket(subject="路灯不亮", region="hsg")
    actions.dispatch_ticket(
        w["county"].number, main_unit="hsg-platform", actor=person("dispatcher")
    )
    redispatch_assignment(
        main_assignment(w["county"]).pk, main_unit="hsg-st-1", actor=person("county")
    )
    w["accepted"] = make_ticket(subject="咨询公积金")
    open_supervision(
        w["housing_new"].number,
        reason="群众反映强烈。",
        deadline=supervision_deadline or main_assignment(w["housing_new"]).answer_deadline,
        actor=person("supervisor"),
    )
    escalate_ticket(w["housing_signed"].number, reason="一事多人。", actor=person("supervisor"))
    return w
