import pytest
import time_machine

from jiesu.testing.builders import T0


@pytest.fixture(autouse=True)
def clock():
    """A frozen clock at Monday 2025-06-23 09:00 (+08:00): the last whole week is 06-16…06-22."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def thresholds(settings):
    """Thresholds pinned here, whatever the environment says: small numbers keep scenarios short."""
    settings.JIESU_HOTSPOT_MIN_COUNT = 3
    settings.JIESU_HOTSPOT_RISE_RATIO = 1.5
    settings.JIESU_HOTSPOT_TOP = 10
    return settings
