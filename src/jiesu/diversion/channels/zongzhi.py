"""Law-related matters go to the comprehensive governance platform (综治)."""

from jiesu.diversion.channels.base import BaseChannel


class Channel(BaseChannel):
    code = "zongzhi"
    label = "综治平台"
    prefix = "ZZ"
    syncs_result = False
