"""What a reader sees of a hotspot report — its title, the summary paragraph and the tables —
shared by the Word and Excel exports and the command line, read from the report's frozen
``data`` only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.reports.choices import Dimension, Trend

TREND_LABELS = dict(Trend.choices)


def long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return _("%(year)s年%(month)s月%(day)s日") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def short_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return _("%(month)s月%(day)s日") % {"month": day.month, "day": day.day}


def title(data: dict[str, Any]) -> str:
    period = data["period"]
    return _("%(city)s12345热线热点周报（%(start)s至%(end)s）") % {
        "city": data["city"],
        "start": long_date(period["start"]),
        "end": long_date(period["end"]),
    }


def _change(count: int, previous: int, change_pct: float | None) -> str:
    if count == previous:
        return _("与上周持平")
    word, direction = (_("增加"), _("增长")) if count > previous else (_("减少"), _("下降"))
    pct = f"（{direction}{abs(change_pct):.1f}%）" if change_pct is not None else ""
    return _("较上周（%(previous)s件）%(word)s%(abs)s件%(pct)s") % {
        "previous": previous,
        "word": word,
        "abs": abs(count - previous),
        "pct": pct,
    }


def _leading(items: list[dict[str, Any]], n: int = 3) -> str:
    return "、".join(
        _("%(label)s（%(count)s件）") % {"label": item["label"], "count": item["count"]}
        for item in items[:n]
        if item["count"]
    )


def summary(data: dict[str, Any]) -> str:
    """The paragraph a leader reads first."""
    totals, period = data["totals"], data["period"]
    parts = [
        _(
            "%(start)s至%(end)s，%(city)s12345热线共受理诉求%(count)s件，%(change)s，近四周周均%(average_4w).1f件；其中紧急诉求%(urgent)s件、涉企诉求%(enterprise)s件。"
        )
        % {
            "start": short_date(period["start"]),
            "end": short_date(period["end"]),
            "city": data["city"] or _("全市"),
            "count": totals["count"],
            "change": _change(totals["count"], totals["previous"], totals["change_pct"]),
            "average_4w": totals["average_4w"],
            "urgent": totals["urgent"],
            "enterprise": totals["enterprise"],
        }
    ]
    if top := _leading(data["top_categories"]):
        parts.append(_("受理量居前的类别是%(top)s。") % {"top": top})
    if top := _leading(data["regions"]):
        parts.append(_("按区域看，%(top)s居前。") % {"top": top})
    found = _("本期发现趋势性问题%(n_rising)s项、苗头性问题%(n_new)s项") % {
        "n_rising": len(data["rising"]),
        "n_new": len(data["new"]),
    }
    named = [
        _("%(label)s（%(count)s件，%(TREND_LABELS)s）")
        % {
            "label": item["label"],
            "count": item["count"],
            "TREND_LABELS": TREND_LABELS[item["trend"]],
        }
        for item in _distinct_signals(data)[:3]
    ]
    parts.append(
        _("%(found)s，主要是%(named)s。") % {"found": found, "named": "、".join(named)}
        if named
        else f"{found}。"
    )
    rising = (data.get("matters") or {}).get("rising") or []
    if rising:
        parts.append(
            _("新近上升的事项%(n)s项：%(named)s。")
            % {
                "n": len(rising),
                "named": "、".join(
                    _("%(label)s（%(count)s件，%(callers)s位来电人）")
                    % {"label": m["label"], "count": m["count"], "callers": m["callers"]}
                    for m in rising[:3]
                ),
            }
        )
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
    return _(
        "说明：按受理时间（北京时间）统计，并入其他工单的诉求（并单）不重复计算。“近四周周均”为%(start)s至%(end)s四周的周平均。趋势性问题：本周不少于%(min_count)s件，且不少于近四周周均的%(rise_ratio)s倍；苗头性问题：前四周没有、本周不少于%(min_count)s件。%(notes)s"
    ) % {
        "start": short_date(baseline["start"]),
        "end": short_date(baseline["end"]),
        "min_count": t["min_count"],
        "rise_ratio": format(t["rise_ratio"], "g"),
        "notes": notes,
    }


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
    empty: str = gettext_lazy("无。")
    in_document: bool = True  # the Word document; the workbook has every table
    numbered: bool = True

    def __post_init__(self) -> None:
        # the title and the empty note go into JSON and documents: real strings, not lazy ones
        object.__setattr__(self, "title", str(self.title))
        object.__setattr__(self, "empty", str(self.empty))

    def rows(self) -> list[list[Any]]:
        return [
            ([index] if self.numbered else []) + [column.value(item) for column in self.columns]
            for index, item in enumerate(self.items, start=1)
        ]

    def headers(self) -> list[str]:
        return ([_("序号")] if self.numbered else []) + [
            str(column.header) for column in self.columns
        ]

    def kinds(self) -> list[str]:
        return ([COUNT] if self.numbered else []) + [column.kind for column in self.columns]


def _key(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda item: item[name]


INDUSTRY = Column(gettext_lazy("行业"), TEXT, _key("industry_name"))
CATEGORY = Column(gettext_lazy("类别"), TEXT, _key("category_name"))
REGION = Column(gettext_lazy("区域"), TEXT, _key("region_label"))
SUBJECT = Column(gettext_lazy("事项"), TEXT, _key("label"))
DIMENSION = Column(gettext_lazy("维度"), TEXT, _key("dimension_label"))
THIS_WEEK = Column(gettext_lazy("本周"), COUNT, _key("count"))
LAST_WEEK = Column(gettext_lazy("上周"), COUNT, _key("previous"))
CHANGE_COLUMN = Column(gettext_lazy("增减"), CHANGE, _key("change"))
CHANGE_PCT = Column(gettext_lazy("环比"), PERCENT, _key("change_pct"))
AVERAGE = Column(gettext_lazy("近四周周均"), DECIMAL, _key("average_4w"))
TIMES = Column(gettext_lazy("为周均的倍数"), RATIO, _key("ratio_4w"))
MARK = Column(gettext_lazy("标记"), TEXT, lambda item: str(TREND_LABELS.get(item["trend"], "")))
FIGURES = [THIS_WEEK, LAST_WEEK, CHANGE_COLUMN, CHANGE_PCT, AVERAGE, MARK]


def totals_table(data: dict[str, Any]) -> Table:
    t = data["totals"]
    lines = [
        (_("受理诉求"), t["count"], t["previous"]),
        (_("紧急诉求"), t["urgent"], t["urgent_previous"]),
        (_("涉企诉求"), t["enterprise"], t["enterprise_previous"]),
    ]
    items = [{"name": name, "count": now, "previous": before} for name, now, before in lines]
    return Table(
        _("总体情况"),
        [
            Column(_("指标"), TEXT, _key("name")),
            THIS_WEEK,
            LAST_WEEK,
            Column(_("增减"), CHANGE, lambda item: item["count"] - item["previous"]),
        ],
        items,
        numbered=False,
    )


def key_case_table(data: dict[str, Any]) -> Table:
    """重点工单案例; reports generated before the section existed have none."""
    return Table(
        _("重点工单案例"),
        [
            Column(_("工单编号"), TEXT, _key("number")),
            Column(_("诉求"), TEXT, _key("subject")),
            CATEGORY,
            Column(_("区域"), TEXT, _key("region_name")),
            Column(_("主办单位"), TEXT, _key("main_unit")),
            Column(_("状态"), TEXT, _key("status_label")),
            Column(_("重点原因"), TEXT, _key("reasons")),
        ],
        data.get("key_cases", []),
        empty=_("本周无C类、提级、督办、批示或反复不满意的工单。"),
        in_document=False,
    )


def _rate(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda item: None if item[name] is None else round(item[name] * 100, 2)


def matter_tables(data: dict[str, Any]) -> list[Table]:
    """热点事项 from intelligence (reports generated before they were kept have none)."""
    matters = data.get("matters") or {"repeated": [], "rising": []}
    columns = [
        Column(_("事项"), TEXT, _key("label")),
        Column(_("类别"), TEXT, lambda item: item["category"] or _("未分类")),
        Column(_("区域"), TEXT, _key("region")),
        Column(_("件数"), COUNT, _key("count")),
        Column(_("来电人数"), COUNT, _key("callers")),
        Column(_("前半期"), COUNT, _key("first_half")),
        Column(_("后半期"), COUNT, _key("second_half")),
        Column(_("工单（示例）"), TEXT, lambda item: "、".join(item["numbers"])),
    ]
    return [
        Table(
            _("重复诉求较多的事项"), columns, matters["repeated"], empty=_("本期无重复诉求事项。")
        ),
        Table(_("新近上升的事项"), columns, matters["rising"], empty=_("本期无新近上升的事项。")),
    ]


def unit_table(sections: list[dict[str, Any]], title: str = gettext_lazy("各单位情况")) -> Table:
    """Each unit's part of the weekly report, one line per unit (rates in percent)."""
    return Table(
        title,
        [
            Column(_("单位"), TEXT, _key("name")),
            Column(_("派单（件次）"), COUNT, _key("assignments")),
            Column(_("签收超期"), COUNT, _key("sign_late")),
            Column(_("办结超期"), COUNT, _key("completion_late")),
            Column(_("未到期"), COUNT, _key("completion_not_yet_due")),
            Column(_("回访"), COUNT, _key("callbacks")),
            Column(_("满意及基本满意"), COUNT, _key("satisfied")),
            Column(_("不满意"), COUNT, _key("unsatisfied")),
            Column(_("签收率（%）"), DECIMAL, _rate("sign_rate")),
            Column(_("办结率（%）"), DECIMAL, _rate("completion_rate")),
            Column(_("满意率（%）"), DECIMAL, _rate("satisfaction_rate")),
        ],
        sections,
        empty=_("本周无派单。"),
    )


def tables(data: dict[str, Any]) -> list[Table]:
    top = data["thresholds"]["top"]
    return [
        totals_table(data),
        Table(
            _("诉求类别前%(top)s位") % {"top": top},
            [INDUSTRY, CATEGORY, *FIGURES],
            data["top_categories"],
        ),
        Table(_("区域分布"), [REGION, *FIGURES], data["regions"]),
        Table(
            _("趋势性问题"),
            [DIMENSION, SUBJECT, THIS_WEEK, LAST_WEEK, AVERAGE, TIMES],
            data["rising"],
            empty=_("本期未发现趋势性问题。"),
        ),
        Table(
            _("苗头性问题"),
            [DIMENSION, SUBJECT, THIS_WEEK, LAST_WEEK],
            data["new"],
            empty=_("本期未发现苗头性问题。"),
        ),
        Table(_("全部类别"), [INDUSTRY, CATEGORY, *FIGURES], data["categories"], in_document=False),
        Table(
            _("类别×区域"),
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
