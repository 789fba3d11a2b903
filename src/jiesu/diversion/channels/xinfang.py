"""Historical petitions go to the petition platform (信访)."""

from django.utils.translation import gettext_lazy as _

from jiesu.diversion.channels.base import BaseChannel


class Channel(BaseChannel):
    code = "xinfang"
    label = _("信访平台")
    prefix = "XF"
    syncs_result = False
