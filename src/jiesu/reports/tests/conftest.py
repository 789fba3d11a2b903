import pytest


@pytest.fixture(autouse=True)
def _frozen(clock):
    """A frozen clock at Monday 2025-06-23 09:00 (+08:00): the last whole week is 06-16…06-22."""
    return clock


@pytest.fixture(autouse=True)
def thresholds(settings):
    """Thresholds pinned here, whatever the environment says: small numbers keep scenarios short."""
    settings.JIESU_HOTSPOT_MIN_COUNT = 3
    settings.JIESU_HOTSPOT_RISE_RATIO = 1.5
    settings.JIESU_HOTSPOT_TOP = 10
    return settings
