"""Integrations are folders: one module per channel, one small interface, replaceable by
configuration."""

from __future__ import annotations

from jiesu.diversion.channels import DEFAULTS, BaseChannel, channel_for
from jiesu.diversion.choices import DiversionChannel
from jiesu.diversion.models import Diversion
from jiesu.testing.builders import make_ticket

sent: list[str] = []


class RecordingChannel(BaseChannel):
    code = "enterprise101"
    label = "测试用101"
    syncs_result = True

    def send(self, diversion):
        sent.append(diversion.ticket.number)
        return "REMOTE-42"


def test_every_channel_has_an_implementation_and_only_101_syncs_back():
    # then
    assert set(DEFAULTS) == set(DiversionChannel.values)
    assert all(channel_for(code).label for code in DEFAULTS)
    assert [code for code in DEFAULTS if channel_for(code).syncs_result] == ["enterprise101"]


def test_the_default_channels_record_the_hand_over_locally(city):
    # given
    ticket = make_ticket()
    diversion = Diversion(
        ticket=ticket, channel="police110", reason="警情", created_at=ticket.created_at
    )
    # when
    ref = channel_for("police110").send(diversion)
    # then
    assert ref == f"JQ-{ticket.number}"


def test_a_city_can_plug_in_its_own_implementation(api, settings):
    # given
    settings.JIESU_DIVERSION_CHANNELS = {"enterprise101": f"{__name__}.RecordingChannel"}
    ticket = make_ticket(enterprise=True)
    sent.clear()
    # when
    response = api("operator").post(
        f"/tickets/{ticket.number}/divert", {"channel": "enterprise101", "reason": "涉企诉求"}
    )
    # then
    assert response.status == 201, response.body
    assert response.body["external_ref"] == "REMOTE-42"
    assert sent == [ticket.number]
