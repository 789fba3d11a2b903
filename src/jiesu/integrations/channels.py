"""The diversion channels an integration key may report results for (scope ``report_results``).

``integrations`` sits below ``diversion`` in the import layers, so the channels are registered
from above: ``diversion.apps`` calls ``register(DiversionChannel.choices)`` when Django starts."""

from __future__ import annotations

from collections.abc import Iterable

RESULT_CHANNELS: dict[str, str] = {}


def register(choices: Iterable[tuple[str, str]]) -> None:
    RESULT_CHANNELS.update((str(code), str(label)) for code, label in choices)


def label(code: str) -> str:
    return RESULT_CHANNELS.get(code, code)
