"""The handling tests' fixture: a complaint signed by 市住建局 on the root frozen ``clock``.
Their builders live in ``jiesu.testing.handling``."""

from __future__ import annotations

import pytest

from jiesu.testing.handling import dispatch, new_ticket


@pytest.fixture
def housing(api, clock) -> tuple[str, int]:
    """A complaint dispatched to 市住建局 (main) and 市供水公司 (assist) on Mon 2025-06-23 09:00
    (answer by Mon 06-30 09:00), signed by 市住建局's handler: (ticket number, assignment id)."""
    number = new_ticket()
    top, _water = dispatch(api, number, "city-housing", ["hs-water"])
    assert api("handler").post(f"/assignments/{top['id']}/sign").status == 200
    return number, top["id"]
