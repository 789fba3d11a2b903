"""Police matters go to 110 (non-police help from 110 comes in as channel `police110`)."""

from jiesu.diversion.channels.base import BaseChannel


class Channel(BaseChannel):
    code = "police110"
    label = "110"
    prefix = "JQ"
    syncs_result = False
