"""The monthly and special reports as official documents (the assessment's neutral ``Doc``:
title, 文号 line with a blank, date, sections, tables, charts), written from the report's frozen
data and its date of making, so every download of one report reads the same."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.assessment.documents import FORMATS, Chart, Doc, Section, Table
from jiesu.assessment.notice import rates_sentence
from jiesu.reports.models import Report
from jiesu.reports.presentation import long_date


def _issuer(city: str) -> str:
    return _("%(city)s12345政务服务便民热线工作专班") % {"city": city}


def _change(item: dict[str, Any]) -> str:
    if item["previous"] == item["count"]:
        return _("持平")
    pct = f"{abs(item['change_pct']):.1f}%" if item["change_pct"] is not None else "—"
    word = _("增长") if item["count"] > item["previous"] else _("下降")
    return f"{word}{pct}"


def _count_table(title: str, items: list[dict[str, Any]], *, industry: bool = False) -> Table:
    header = [_("名称"), *([_("行业")] if industry else []), _("本期"), _("上期"), _("增减")]
    rows = [
        [
            i["name"],
            *([i.get("industry", "")] if industry else []),
            i["count"],
            i["previous"],
            i["change"],
        ]
        for i in items
    ]
    return Table(title, header, rows)


def _matter_table(title: str, matters: list[dict[str, Any]]) -> Table:
    return Table(
        title,
        [_("事项"), _("类别"), _("区域"), _("件数"), _("来电人数"), _("工单（示例）")],
        [
            [
                m["label"],
                m["category"] or _("未分类"),
                m["region"],
                m["count"],
                m["callers"],
                "、".join(m["numbers"]),
            ]
            for m in matters
        ],
    )


def _key_case_table(cases: list[dict[str, Any]]) -> Table:
    return Table(
        _("重点工单案例"),
        [_("工单编号"), _("诉求"), _("主办单位"), _("状态"), _("重点原因")],
        [
            [k["number"], k["subject"], k["main_unit"], k["status_label"], k["reasons"]]
            for k in cases
        ],
    )


def _issued(report: Report) -> date:
    return timezone.localdate(report.created_at)


def monthly_doc(report: Report) -> Doc:
    d = report.data
    city, t, c, r = d["city"], d["totals"], d["counts"], d["rates"]
    first = date.fromisoformat(d["period"]["start"])
    month = _("%(y)d年%(m)d月") % {"y": first.year, "m": first.month}
    issued = _issued(report)
    overview = [
        _(
            "%(month)s，全市12345热线共受理诉求%(count)d件，上月%(previous)d件，%(change)s；"
            "其中紧急诉求%(urgent)d件、涉企诉求%(enterprise)d件。"
        )
        % {
            "month": month,
            "count": t["count"],
            "previous": t["previous"],
            "change": _change({**t, "name": ""}),
            "urgent": t["urgent"],
            "enterprise": t["enterprise"],
        },
        _("四项指标：%(rates)s") % {"rates": rates_sentence(r, c)},
    ]
    ranking = d["ranking"]
    sections = [
        Section(_("一、总体情况"), overview),
        Section(
            _("二、诉求类别与区域分布"),
            tables=[
                _count_table(_("受理量前列的类别"), d["categories"], industry=True),
                _count_table(_("各区域受理量"), d["regions"]),
            ],
            charts=[
                Chart(
                    _("受理量前列的类别（件）"),
                    [i["name"] for i in d["categories"]],
                    [i["count"] for i in d["categories"]],
                    percent=False,
                )
            ]
            if d["categories"]
            else [],
        ),
        Section(
            _("三、各单位考核排名"),
            [
                _("参与排名单位%(n)d个，列前%(shown)d名。")
                % {"n": d["units_ranked"], "shown": len(ranking)}
            ],
            tables=[
                Table(
                    _("各单位考核排名"),
                    [
                        _("名次"),
                        _("单位"),
                        _("签收率"),
                        _("办结率"),
                        _("满意率"),
                        _("办结超期"),
                        _("综合得分"),
                    ],
                    [
                        [
                            i["rank"],
                            i["name"],
                            i["sign_rate"],
                            i["completion_rate"],
                            i["satisfaction_rate"],
                            i["completion_late"],
                            i["score"],
                        ]
                        for i in ranking
                    ],
                    percent_columns=frozenset({2, 3, 4}),
                )
            ],
            charts=[
                Chart(
                    _("各单位办结率"),
                    [i["name"] for i in ranking[:15]],
                    [i["completion_rate"] or 0.0 for i in ranking[:15]],
                )
            ]
            if ranking
            else [],
        ),
        Section(
            _("四、热点事项"),
            tables=[
                _matter_table(_("重复诉求较多的事项"), d["matters"]["repeated"]),
                _matter_table(_("新近上升的事项"), d["matters"]["rising"]),
            ],
        ),
        Section(_("五、重点工单案例"), tables=[_key_case_table(d["key_cases"])]),
        Section(_("附：指标口径"), list(d["formulas"])),
    ]
    return Doc(
        title=_("%(city)s12345政务服务便民热线%(month)s工作月报") % {"city": city, "month": month},
        number_line=_("%(c)s12345办〔%(y)d〕　　号") % {"c": city[:1], "y": issued.year},
        issued_on=issued,
        issuer=_issuer(city),
        sections=sections,
        filename=_("%(city)s12345热线%(month)s月报") % {"city": city, "month": month},
    )


def special_doc(report: Report) -> Doc:
    d = report.data
    city, t, crit = d["city"], d["totals"], d["criteria"]
    issued = _issued(report)
    span = _("%(a)s至%(b)s") % {
        "a": long_date(d["period"]["start"]),
        "b": long_date(d["period"]["end"]),
    }
    chosen = "；".join(
        part
        for part in (
            _("类别：%(v)s") % {"v": crit["category"]} if crit["category"] else "",
            _("区域：%(v)s") % {"v": crit["region"]} if crit["region"] else "",
            _("关键词：%(v)s") % {"v": "、".join(crit["keywords"])} if crit["keywords"] else "",
        )
        if part
    )
    units = d["units"]
    sections = [
        Section(
            _("一、基本情况"),
            [
                _("统计范围：%(span)s受理的诉求（%(chosen)s）。")
                % {"span": span, "chosen": chosen},
                _(
                    "期内共受理相关诉求%(count)d件，上一同长时期%(previous)d件，%(change)s；"
                    "其中紧急%(urgent)d件、涉企%(enterprise)d件。"
                )
                % {
                    "count": t["count"],
                    "previous": t["previous"],
                    "change": _change({**t, "name": ""}),
                    "urgent": t["urgent"],
                    "enterprise": t["enterprise"],
                },
            ],
        ),
        Section(
            _("二、变化趋势"),
            tables=[
                Table(
                    _("各时段受理量"),
                    [_("时段"), _("件数")],
                    [[i["label"], i["count"]] for i in d["trend"]],
                )
            ],
            charts=[
                Chart(
                    _("各时段受理量（件）"),
                    [i["label"] for i in d["trend"]],
                    [i["count"] for i in d["trend"]],
                    percent=False,
                )
            ]
            if d["trend"]
            else [],
        ),
        Section(
            _("三、区域与类别分布"),
            tables=[
                _count_table(_("各区域受理量"), d["regions"]),
                _count_table(_("各类别受理量"), d["categories"], industry=True),
            ],
        ),
        Section(
            _("四、承办单位办理情况"),
            tables=[
                Table(
                    _("承办单位办理情况"),
                    [
                        _("单位"),
                        _("派单（件次）"),
                        _("主办"),
                        _("按时办结"),
                        _("办结超期"),
                        _("满意及基本满意"),
                        _("不满意"),
                    ],
                    [
                        [
                            u["name"],
                            u["assignments"],
                            u["main"],
                            u["completed_on_time"],
                            u["completion_late"],
                            u["satisfied"],
                            u["unsatisfied"],
                        ]
                        for u in units
                    ],
                )
            ],
        ),
        Section(
            _("五、典型工单"),
            tables=[
                Table(
                    _("相关工单（最近%(n)d件）") % {"n": len(d["tickets"])},
                    [_("工单编号"), _("受理时间"), _("诉求"), _("区域"), _("主办单位"), _("状态")],
                    [
                        [
                            k["number"],
                            k["created_at"],
                            k["subject"],
                            k["region"],
                            k["main_unit"],
                            k["status"],
                        ]
                        for k in d["tickets"]
                    ],
                )
            ],
        ),
    ]
    return Doc(
        title=_("%(city)s12345热线专报：%(topic)s") % {"city": city, "topic": d["topic"]},
        number_line=_("专报〔%(y)d〕第　　期") % {"y": issued.year},
        issued_on=issued,
        issuer=_issuer(city),
        sections=sections,
        filename=_("%(city)s12345热线专报_%(topic)s") % {"city": city, "topic": d["topic"][:30]},
    )


def official_doc(report: Report) -> Doc:
    return monthly_doc(report) if report.kind == "monthly" else special_doc(report)


__all__ = ["FORMATS", "official_doc"]
