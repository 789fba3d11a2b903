"""Law-related matters go to the comprehensive governance platform (综治)."""

from django.utils.translation import gettext_lazy as _

from jiesu.diversion.channels.base import BaseChannel


class Channel(BaseChannel):
    code = "zongzhi"
    label = _("综治平台")
    prefix = "ZZ"
    syncs_result = False
