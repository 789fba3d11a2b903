"""The "101" channel served by the enterprise 兜底办 inside Jiesu, instead of an outside system:
``JIESU_DIVERSION_CHANNELS = {"enterprise101": "jiesu.enterprise.channel.Channel"}``. A 涉企
hotline ticket diverted to it becomes a registered 兜底办 case; the case's result comes back
when it closes (``enterprise.sync``)."""

from __future__ import annotations

from django.utils import timezone

from jiesu.diversion.channels.enterprise101 import Channel as Enterprise101
from jiesu.diversion.models import Diversion
from jiesu.enterprise.actions import register_handover
from jiesu.organisation.actor import actor_for


class Channel(Enterprise101):
    # stored in the diversion's event and sent in webhooks: data, kept as written (not translated)
    label = "企业综合服务中心（兜底办）"

    def send(self, diversion: Diversion) -> str:
        actor = actor_for(diversion.created_by)
        case = register_handover(diversion, actor=actor, now=diversion.created_at or timezone.now())
        return f"DDB-{case.ticket.number}"
