"""Diversion channels, one module each (R12). A city replaces an implementation without touching
this code through the setting ``JIESU_DIVERSION_CHANNELS = {"enterprise101": "dotted.path.Class"}``."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from jiesu.diversion.channels import enterprise101, jw12388, police110, xinfang, zongzhi
from jiesu.diversion.channels.base import BaseChannel

DEFAULTS: dict[str, type[BaseChannel]] = {
    module.Channel.code: module.Channel
    for module in (xinfang, zongzhi, jw12388, enterprise101, police110)
}


def channel_for(code: str) -> BaseChannel:
    """The implementation for ``code`` (KeyError for an unknown code)."""
    override = getattr(settings, "JIESU_DIVERSION_CHANNELS", {}).get(code)
    cls = import_string(override) if override else DEFAULTS[code]
    return cls()


__all__ = ["DEFAULTS", "BaseChannel", "channel_for"]
