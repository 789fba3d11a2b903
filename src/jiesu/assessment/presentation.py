"""How the rates read on pages, in the CLI and in documents: percentages with their counts."""

from __future__ import annotations

from jiesu.assessment.rates import Row


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.2f}%"


def rate_cells(row: Row) -> list[str]:
    """接通率、签收率、办结率、满意率, each as ``96.00%（24/25）`` or ``—`` where nothing is due."""
    c, r = row.counts, row.rates
    parts = [
        (r["connection_rate"], c["calls_answered"], c["calls_offered"]),
        (r["sign_rate"], c["signed_on_time"], c["sign_due"]),
        (r["completion_rate"], c["completed_on_time"], c["completion_due"]),
        (
            r["satisfaction_rate"],
            c["satisfied"] + c["basically_satisfied"],
            c["callbacks"] - c["unreached"],
        ),
    ]
    return [
        percent(rate) if rate is None else f"{percent(rate)}（{n}/{d}）" for rate, n, d in parts
    ]
