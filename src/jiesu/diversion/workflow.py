"""The states of a webhook delivery, as data for the one workflow engine (``tickets.workflow``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiesu.diversion.choices import DeliveryStatus as D
from jiesu.tickets.workflow import Step, Workflow

DELIVERY_STEPS: dict[str, Step] = {
    "delivered": Step(_("确认送达"), "R12", {D.PENDING: D.DELIVERED}),
    # a failed attempt with attempts left stays pending (its next attempt is scheduled)
    "failed": Step(_("记录投递失败"), "R12", {D.PENDING: D.PENDING}),
    "give_up": Step(_("转入死信"), "R12", {D.PENDING: D.DEAD}),
    "retry": Step(_("重新投递"), "R12", {D.DEAD: D.PENDING}),
}

DELIVERY = Workflow(_("Webhook 投递"), dict(D.choices), DELIVERY_STEPS)
