"""Enterprise requests go to the city's "101" closed-loop mechanism, whose result is
synced back to 12345 (POST /tickets/{number}/external-result)."""

from django.utils.translation import gettext_lazy as _

from jiesu.diversion.channels.base import BaseChannel


class Channel(BaseChannel):
    code = "enterprise101"
    label = _("“101”涉企闭环解决机制")
    prefix = "QY"
    syncs_result = True
