"""Every test here runs on the frozen clock of the root ``clock`` fixture (Monday 2025-06-23
09:00 +08:00)."""

import pytest


@pytest.fixture(autouse=True)
def _frozen(clock):
    return clock
