"""Reports on officials go to discipline inspection's 12388."""

from django.utils.translation import gettext_lazy as _

from jiesu.diversion.channels.base import BaseChannel


class Channel(BaseChannel):
    code = "jw12388"
    label = _("纪检监察12388")
    prefix = "JW"
    syncs_result = False
