import pytest
import time_machine

from jiesu.testing.builders import T0


@pytest.fixture(autouse=True)
def clock():
    """Every test here runs on a frozen clock starting Monday 2025-06-23 09:00 (+08:00)."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller
