"""The report's hotspot matters (热点事项), asked of intelligence's public ``hotspots``: the
matters that came up again and again (top repeated) and those that rose in the period's second
half (new rising). The clustering stays intelligence's; the report keeps what it was told."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jiesu.intelligence.hotspots import hotspots

TOP = 10
SAMPLE_TICKETS = 5


def _matter(m: dict[str, Any]) -> dict[str, Any]:
    return {
        "label": m["label"],
        "category": m["category"] or "",
        "region": m["region"] or "",
        "count": m["count"],
        "callers": m["callers"],
        "first_half": m["first_half"],
        "second_half": m["second_half"],
        "heat": m["heat"],
        "numbers": [t["number"] for t in m["tickets"][:SAMPLE_TICKETS]],
    }


def report_matters(start: datetime, end: datetime) -> dict[str, Any]:
    """``repeated``: matters of two tickets or more, most tickets first; ``rising``: the matters
    intelligence marks rising (趋势性), hottest first."""
    found = hotspots(start, end, limit=200)
    matters = found["matters"]
    repeated = sorted(
        (m for m in matters if m["count"] >= 2), key=lambda m: (-m["count"], -m["heat"], m["label"])
    )
    rising = [m for m in matters if m["rising"]]
    return {
        "tickets": found["tickets"],
        "truncated": found["truncated"],
        "repeated": [_matter(m) for m in repeated[:TOP]],
        "rising": [_matter(m) for m in rising[:TOP]],
    }
