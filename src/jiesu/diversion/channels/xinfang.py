"""Historical petitions go to the petition platform (信访)."""

from jiesu.diversion.channels.base import BaseChannel


class Channel(BaseChannel):
    code = "xinfang"
    label = "信访平台"
    prefix = "XF"
    syncs_result = False
