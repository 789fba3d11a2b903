"""What a reader sees of a hotspot report — its title, the summary paragraph and the tables —
shared by the Word and Excel exports and the command line, read from the report's frozen
``data`` only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from jiesu.reports.choices import Dimension, Trend

TREND_LABELS = dict(Trend.choices)


def long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def short_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.month}月{day.day}日"


def title(data: dict[str, Any]) -> str:
    period = data["period"]
    return (
        f"{data['city']}12345热线热点周报"
        f"（{long_date(period['start'])}至{long_date(period['end'])}）"
    )


def _change(count: int, previous: int, change_pct: float | None) -> str:
    if count == previous:
        return "与上周持平"
    word, direction = ("增加", "增长") if count > previous else ("减少", "下降")
    pct = f"（{direction}{abs(change_pct):.1f}%）" if change_pct is not None else ""
    return f"较上周（{previous}件）{word}{abs(count - previous)}件{pct}"


def _leading(items: list[dict[str, Any]], n: int = 3) -> str:
    return "、".join(f"{item['label']}（{item['count']}件）" for item in items[:n] if item["count"])


def summary(data: dict[str, Any]) -> str:
    """The paragraph a leader reads first."""
    totals, period = data["totals"], data["period"]
    parts = [
        f"{short_date(period['start'])}至{short_date(period['end'])}，"
        f"{data['city'] or '全市'}12345热线共受理诉求{totals['count']}件，"
        f"{_change(totals['count'], totals['previous'], totals['change_pct'])}，"
        f"近四周周均{totals['average_4w']:.1f}件；"
        f"其中紧急诉求{totals['urgent']}件、涉企诉求{totals['enterprise']}件。"
    ]
    if top := _leading(data["top_categories"]):
        parts.append(f"受理量居前的类别是{top}。")
    if top := _leading(data["regions"]):
        parts.append(f"按区域看，{top}居前。")
    found = f"本期发现趋势性问题{len(data['rising'])}项、苗头性问题{len(data['new'])}项"
    named = [
        f"{item['label']}（{item['count']}件，{TREND_LABELS[item['trend']]}）"
        for item in _distinct_signals(data)[:3]
    ]
    parts.append(f"{found}，主要是{'、'.join(named)}。" if named else f"{found}。")
    return "".join(parts)


_FINEST_FIRST = {Dimension.CATEGORY_REGION: 0, Dimension.CATEGORY: 1, Dimension.REGION: 2}


def _distinct_signals(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Rising and new items, a category in a region first, leaving out a category or a region
    already named by one (黄石港区 · 物业管理 says 黄石港区 and 物业管理 too)."""
    ordered = sorted(
        data["rising"] + data["new"],
        key=lambda item: (_FINEST_FIRST[item["dimension"]], -item["count"]),
    )
    named: list[dict[str, Any]] = []
    for item in ordered:
        if not any(item["label"] in earlier["label"] for earlier in named):
            named.append(item)
    return named


def method_note(data: dict[str, Any]) -> str:
    t = data["thresholds"]
    baseline = data["baseline_period"]
    notes = "".join(data["notes"])
    return (
        f"说明：按受理时间（北京时间）统计，并入其他工单的诉求（并单）不重复计算。"
        f"“近四周周均”为{short_date(baseline['start'])}至{short_date(baseline['end'])}四周的周平均。"
        f"趋势性问题：本周不少于{t['min_count']}件，且不少于近四周周均的{t['rise_ratio']:g}倍；"
        f"苗头性问题：前四周没有、本周不少于{t['min_count']}件。{notes}"
    )


# --- tables ------------------------------------------------------------------------------

# how a cell is shown: text as it is, a count, a signed change, a percentage, a decimal, a ratio
TEXT, COUNT, CHANGE, PERCENT, DECIMAL, RATIO = (
    "text",
    "count",
    "change",
    "percent",
    "decimal",
    "ratio",
)


@dataclass(frozen=True)
class Column:
    header: str
    kind: str
    value: Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[Column]
    items: list[dict[str, Any]]
    empty: str = "无。"
    in_document: bool = True  # the Word document; the workbook has every table
    numbered: bool = True

    def rows(self) -> list[list[Any]]:
        return [
            ([index] if self.numbered else []) + [column.value(item) for column in self.columns]
            for index, item in enumerate(self.items, start=1)
        ]

    def headers(self) -> list[str]:
        return (["序号"] if self.numbered else []) + [column.header for column in self.columns]

    def kinds(self) -> list[str]:
        return ([COUNT] if self.numbered else []) + [column.kind for column in self.columns]


def _key(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda item: item[name]


INDUSTRY = Column("行业", TEXT, _key("industry_name"))
CATEGORY = Column("类别", TEXT, _key("category_name"))
REGION = Column("区域", TEXT, _key("region_label"))
SUBJECT = Column("事项", TEXT, _key("label"))
DIMENSION = Column("维度", TEXT, _key("dimension_label"))
THIS_WEEK = Column("本周", COUNT, _key("count"))
LAST_WEEK = Column("上周", COUNT, _key("previous"))
CHANGE_COLUMN = Column("增减", CHANGE, _key("change"))
CHANGE_PCT = Column("环比", PERCENT, _key("change_pct"))
AVERAGE = Column("近四周周均", DECIMAL, _key("average_4w"))
TIMES = Column("为周均的倍数", RATIO, _key("ratio_4w"))
MARK = Column("标记", TEXT, lambda item: str(TREND_LABELS.get(item["trend"], "")))
FIGURES = [THIS_WEEK, LAST_WEEK, CHANGE_COLUMN, CHANGE_PCT, AVERAGE, MARK]


def totals_table(data: dict[str, Any]) -> Table:
    t = data["totals"]
    lines = [
        ("受理诉求", t["count"], t["previous"]),
        ("紧急诉求", t["urgent"], t["urgent_previous"]),
        ("涉企诉求", t["enterprise"], t["enterprise_previous"]),
    ]
    items = [{"name": name, "count": now, "previous": before} for name, now, before in lines]
    return Table(
        "总体情况",
        [
            Column("指标", TEXT, _key("name")),
            THIS_WEEK,
            LAST_WEEK,
            Column("增减", CHANGE, lambda item: item["count"] - item["previous"]),
        ],
        items,
        numbered=False,
    )


def key_case_table(data: dict[str, Any]) -> Table:
    """重点工单案例; reports generated before the section existed have none."""
    return Table(
        "重点工单案例",
        [
            Column("工单编号", TEXT, _key("number")),
            Column("诉求", TEXT, _key("subject")),
            CATEGORY,
            Column("区域", TEXT, _key("region_name")),
            Column("主办单位", TEXT, _key("main_unit")),
            Column("状态", TEXT, _key("status_label")),
            Column("重点原因", TEXT, _key("reasons")),
        ],
        data.get("key_cases", []),
        empty="本周无C类、提级、督办、批示或反复不满意的工单。",
        in_document=False,
    )


def _rate(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda item: None if item[name] is None else round(item[name] * 100, 2)


def matter_tables(data: dict[str, Any]) -> list[Table]:
    """热点事项 from intelligence (reports generated before they were kept have none)."""
    matters = data.get("matters") or {"repeated": [], "rising": []}
    columns = [
        Column("事项", TEXT, _key("label")),
        Column("类别", TEXT, _key("category")),
        Column("区域", TEXT, _key("region")),
        Column("件数", COUNT, _key("count")),
        Column("来电人数", COUNT, _key("callers")),
        Column("前半期", COUNT, _key("first_half")),
        Column("后半期", COUNT, _key("second_half")),
        Column("工单（示例）", TEXT, lambda item: "、".join(item["numbers"])),
    ]
    return [
        Table("重复诉求较多的事项", columns, matters["repeated"], empty="本期无重复诉求事项。"),
        Table("新近上升的事项", columns, matters["rising"], empty="本期无新近上升的事项。"),
    ]


def unit_table(sections: list[dict[str, Any]], title: str = "各单位情况") -> Table:
    """Each unit's part of the weekly report, one line per unit (rates in percent)."""
    return Table(
        title,
        [
            Column("单位", TEXT, _key("name")),
            Column("派单（件次）", COUNT, _key("assignments")),
            Column("签收超期", COUNT, _key("sign_late")),
            Column("办结超期", COUNT, _key("completion_late")),
            Column("未到期", COUNT, _key("completion_not_yet_due")),
            Column("回访", COUNT, _key("callbacks")),
            Column("满意及基本满意", COUNT, _key("satisfied")),
            Column("不满意", COUNT, _key("unsatisfied")),
            Column("签收率（%）", DECIMAL, _rate("sign_rate")),
            Column("办结率（%）", DECIMAL, _rate("completion_rate")),
            Column("满意率（%）", DECIMAL, _rate("satisfaction_rate")),
        ],
        sections,
        empty="本周无派单。",
    )


def tables(data: dict[str, Any]) -> list[Table]:
    top = data["thresholds"]["top"]
    return [
        totals_table(data),
        Table(f"诉求类别前{top}位", [INDUSTRY, CATEGORY, *FIGURES], data["top_categories"]),
        Table("区域分布", [REGION, *FIGURES], data["regions"]),
        Table(
            "趋势性问题",
            [DIMENSION, SUBJECT, THIS_WEEK, LAST_WEEK, AVERAGE, TIMES],
            data["rising"],
            empty="本期未发现趋势性问题。",
        ),
        Table(
            "苗头性问题",
            [DIMENSION, SUBJECT, THIS_WEEK, LAST_WEEK],
            data["new"],
            empty="本期未发现苗头性问题。",
        ),
        Table("全部类别", [INDUSTRY, CATEGORY, *FIGURES], data["categories"], in_document=False),
        Table(
            "类别×区域",
            [REGION, INDUSTRY, CATEGORY, *FIGURES],
            data["category_regions"],
            in_document=False,
        ),
        key_case_table(data),
        *matter_tables(data),
        unit_table(data.get("units", [])),
    ]


def cell_text(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if kind == CHANGE:
        return f"{value:+d}" if value else "0"
    if kind == PERCENT:
        return f"{value:+.1f}%" if value else "0.0%"
    if kind == DECIMAL:
        return f"{value:.1f}"
    if kind == RATIO:
        return f"{value:.2f}"
    return str(value)
