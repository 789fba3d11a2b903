"""The figures of the weekly hotspot report (R9), built from grouped counts: pure, no database.

A window is the 7 days ending on ``week_ending`` (Asia/Shanghai dates, inclusive) and the four
weeks before it. Week 0 is the week reported, week 1 the one before ("上周"), weeks 1–4 the
baseline whose average is "近四周周均". An item (a category, a region, or a category in a region)
is marked

- 趋势性 (rising) when it has at least ``min_count`` tickets and at least ``rise_ratio`` times its
  4-week average;
- 苗头性 (new) when it had none in the 4 weeks before and has at least ``min_count`` now — but
  only when the baseline holds any tickets at all (a fresh installation has no history, and
  everything would look new).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.organisation.choices import RegionLevel
from jiesu.reports.choices import Dimension, Trend

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKS = 5  # the week reported and the 4 weeks of baseline before it
BASELINE_WEEKS = WEEKS - 1
FORMAT = 1  # of ``data``; bump when its shape changes
UNCATEGORISED = gettext_lazy("未分类")


@dataclass(frozen=True)
class Thresholds:
    min_count: int
    rise_ratio: float
    top: int

    @classmethod
    def from_settings(cls) -> Thresholds:
        return cls(
            min_count=settings.JIESU_HOTSPOT_MIN_COUNT,
            rise_ratio=settings.JIESU_HOTSPOT_RISE_RATIO,
            top=settings.JIESU_HOTSPOT_TOP,
        )


@dataclass(frozen=True)
class Window:
    week_ending: date

    def week(self, back: int) -> tuple[date, date]:
        """First and last day of the week ``back`` weeks before the one reported."""
        end = self.week_ending - timedelta(days=7 * back)
        return end - timedelta(days=6), end

    def starts(self) -> list[datetime]:
        """00:00 (+08:00) of the first day of weeks 0, 1, … 4."""
        return [_midnight(self.week(back)[0]) for back in range(WEEKS)]

    def end(self) -> datetime:
        """00:00 (+08:00) of the day after ``week_ending``: the first moment outside."""
        return _midnight(self.week_ending + timedelta(days=1))


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


@dataclass(frozen=True)
class CountRow:
    """Tickets taken in during one week of the window, in one category and one region."""

    week: int
    category_id: int | None
    region_id: int
    tickets: int
    urgent: int
    enterprise: int


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    name: str
    industry_code: str
    industry_name: str


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: str
    level: str


def _series(rows: Iterable[CountRow], key: Callable[[CountRow], Hashable]) -> dict[Any, list[int]]:
    out: dict[Any, list[int]] = defaultdict(lambda: [0] * WEEKS)
    for row in rows:
        out[key(row)][row.week] += row.tickets
    return out


def figures(weeks: list[int]) -> dict[str, Any]:
    """This week, last week, the change, and the 4-week average of one series."""
    count, previous, baseline = weeks[0], weeks[1], sum(weeks[1:])
    average = baseline / BASELINE_WEEKS
    return {
        "count": count,
        "previous": previous,
        "change": count - previous,
        "change_pct": round((count - previous) * 100 / previous, 1) if previous else None,
        "average_4w": round(average, 2),
        "ratio_4w": round(count / average, 2) if average else None,
    }


def trend(weeks: list[int], thresholds: Thresholds, *, history: bool) -> str:
    count, baseline = weeks[0], sum(weeks[1:])
    if count < thresholds.min_count:
        return ""
    if baseline == 0:
        return Trend.NEW if history else ""
    # count ≥ ratio × (baseline / 4), without rounding the average
    return Trend.RISING if count * BASELINE_WEEKS >= thresholds.rise_ratio * baseline else ""


def _items(
    series: dict[Any, list[int]],
    describe: Callable[[Any], dict[str, Any]],
    thresholds: Thresholds,
    *,
    history: bool,
    keep: Callable[[list[int]], bool],
) -> list[dict[str, Any]]:
    items = [
        {**describe(key), **figures(weeks), "trend": trend(weeks, thresholds, history=history)}
        for key, weeks in series.items()
        if keep(weeks)
    ]
    items.sort(key=lambda item: (-item["count"], -item["previous"], item["label"]))
    return items


def _describe_category(info: CategoryInfo) -> dict[str, Any]:
    on_top = info.industry_code in ("", info.code)
    return {
        "category": info.code,
        "category_name": info.name,
        "industry": info.industry_code,
        "industry_name": info.industry_name,
        "label": info.name if on_top else f"{info.industry_name}／{info.name}",
    }


def _describe_region(info: RegionInfo) -> dict[str, Any]:
    label = (
        _("%(name)s（市本级）") % {"name": info.name}
        if info.level == RegionLevel.CITY
        else info.name
    )
    return {"region": info.code, "region_name": info.name, "region_label": label, "label": label}


def _signals(dimensions: dict[Dimension, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The rising and the new items of every dimension, most tickets first."""
    signals: dict[str, list[dict[str, Any]]] = {Trend.RISING: [], Trend.NEW: []}
    for dimension, items in dimensions.items():
        for item in items:
            if item["trend"]:
                signals[item["trend"]].append(
                    {"dimension": dimension.value, "dimension_label": str(dimension.label), **item}
                )
    for found in signals.values():
        found.sort(key=lambda item: (-item["count"], item["label"]))
    return signals


def _period(days: tuple[date, date]) -> dict[str, str]:
    return {"start": days[0].isoformat(), "end": days[1].isoformat()}


def build(
    window: Window,
    rows: list[CountRow],
    *,
    categories: dict[int, CategoryInfo],
    regions: dict[int, RegionInfo],
    thresholds: Thresholds,
    city: str,
) -> dict[str, Any]:
    """The report's ``data``: totals, every category and region seen this week or last, every
    category×region seen this week, the top categories, and the rising and new items."""
    totals = _series(rows, lambda r: "all")["all"]
    history = sum(totals[1:]) > 0
    no_category = CategoryInfo("", str(UNCATEGORISED), "", str(UNCATEGORISED))

    def category(category_id: int | None) -> dict[str, Any]:
        return _describe_category(
            categories.get(category_id, no_category) if category_id else no_category
        )

    def region(region_id: int) -> dict[str, Any]:
        return _describe_region(regions[region_id])

    def category_region(key: tuple[int | None, int]) -> dict[str, Any]:
        about_category, about_region = category(key[0]), region(key[1])
        return {
            **about_category,
            **about_region,
            "label": f"{about_region['label']} · {about_category['label']}",
        }

    def seen_lately(weeks: list[int]) -> bool:
        return weeks[0] > 0 or weeks[1] > 0

    def seen_now(weeks: list[int]) -> bool:
        return weeks[0] > 0

    # dimension: (how a row is keyed, how a key is described, which keys are listed)
    ways: dict[Dimension, tuple[Callable[[CountRow], Hashable], Callable, Callable]] = {
        Dimension.CATEGORY: (lambda r: r.category_id, category, seen_lately),
        Dimension.REGION: (lambda r: r.region_id, region, seen_lately),
        Dimension.CATEGORY_REGION: (
            lambda r: (r.category_id, r.region_id),
            category_region,
            seen_now,
        ),
    }
    dimensions = {
        dimension: _items(_series(rows, key), describe, thresholds, history=history, keep=keep)
        for dimension, (key, describe, keep) in ways.items()
    }
    signals = _signals(dimensions)
    this_week = [r for r in rows if r.week == 0]
    last_week = [r for r in rows if r.week == 1]
    return {
        "format": FORMAT,
        "city": city,
        "period": _period(window.week(0)),
        "previous_period": _period(window.week(1)),
        "baseline_period": {
            "start": window.week(BASELINE_WEEKS)[0].isoformat(),
            "end": window.week(1)[1].isoformat(),
        },
        "thresholds": {
            "min_count": thresholds.min_count,
            "rise_ratio": thresholds.rise_ratio,
            "top": thresholds.top,
        },
        "totals": {
            **figures(totals),
            "urgent": sum(r.urgent for r in this_week),
            "urgent_previous": sum(r.urgent for r in last_week),
            "enterprise": sum(r.enterprise for r in this_week),
            "enterprise_previous": sum(r.enterprise for r in last_week),
        },
        "top_categories": [c for c in dimensions[Dimension.CATEGORY] if c["count"] > 0][
            : thresholds.top
        ],
        "categories": dimensions[Dimension.CATEGORY],
        "regions": dimensions[Dimension.REGION],
        "category_regions": dimensions[Dimension.CATEGORY_REGION],
        "rising": signals[Trend.RISING],
        "new": signals[Trend.NEW],
        "notes": [] if history else [_("前四周没有受理数据，本期不作苗头性判断。")],
    }
