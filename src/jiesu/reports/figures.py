"""Figures shared by the monthly and special reports, from grouped rows: totals and the
tickets by category and by region, this period against the one before. Pure, no database."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext_lazy

from jiesu.organisation.choices import RegionLevel
from jiesu.reports.hotspots import SHANGHAI, UNCATEGORISED, CategoryInfo, RegionInfo

CITY_LEVEL = gettext_lazy("市本级")


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


def _change_pct(count: int, previous: int) -> float | None:
    return round((count - previous) * 100 / previous, 1) if previous else None


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    count = sum(r["count"] for r in rows)
    previous = sum(r["previous"] for r in rows)
    return {
        "count": count,
        "previous": previous,
        "change": count - previous,
        "change_pct": _change_pct(count, previous),
        "urgent": sum(r["urgent"] for r in rows),
        "enterprise": sum(r["enterprise"] for r in rows),
    }


def _items(grouped: dict[str, list[int]], extra: dict[str, dict[str, str]]) -> list[dict]:
    items = [
        {
            "name": name,
            **extra.get(name, {}),
            "count": count,
            "previous": previous,
            "change": count - previous,
            "change_pct": _change_pct(count, previous),
        }
        for name, (count, previous) in grouped.items()
        if count or previous
    ]
    return sorted(items, key=lambda i: (-i["count"], -i["previous"], i["name"]))


def by_category(
    rows: list[dict[str, Any]], categories: dict[int, CategoryInfo]
) -> list[dict[str, Any]]:
    grouped: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    industries: dict[str, dict[str, str]] = {}
    for row in rows:
        info = categories.get(row["category_id"])
        name = info.name if info else str(UNCATEGORISED)
        industries[name] = {"industry": info.industry_name if info else str(UNCATEGORISED)}
        grouped[name][0] += row["count"]
        grouped[name][1] += row["previous"]
    return _items(grouped, industries)


def by_region(rows: list[dict[str, Any]], regions: dict[int, RegionInfo]) -> list[dict[str, Any]]:
    grouped: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        info = regions.get(row["region_id"])
        name = info.name if info and info.level == RegionLevel.COUNTY else str(CITY_LEVEL)
        grouped[name][0] += row["count"]
        grouped[name][1] += row["previous"]
    return _items(grouped, {})
