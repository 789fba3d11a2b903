"""The states of a webhook delivery, as data for the one workflow engine (``tickets.workflow``)."""

from __future__ import annotations

from jiesu.diversion.choices import DeliveryStatus as D
from jiesu.tickets.workflow import Step, Workflow

DELIVERY_STEPS: dict[str, Step] = {
    "delivered": Step("确认送达", "R12", {D.PENDING: D.DELIVERED}),
    # a failed attempt with attempts left stays pending (its next attempt is scheduled)
    "failed": Step("记录投递失败", "R12", {D.PENDING: D.PENDING}),
    "give_up": Step("转入死信", "R12", {D.PENDING: D.DEAD}),
    "retry": Step("重新投递", "R12", {D.DEAD: D.PENDING}),
}

DELIVERY = Workflow("Webhook 投递", dict(D.choices), DELIVERY_STEPS)
