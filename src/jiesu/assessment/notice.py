"""The monthly notice (月度通报, R22): the city's four rates, the unit ranking, returns, overdue
lists, positive and negative examples, and the formulas — a document an office signs off."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from jiesu.assessment import ranking, rates
from jiesu.assessment.documents import Chart, Doc, Section, Table
from jiesu.assessment.presentation import percent
from jiesu.assessment.rates import Assessment


def _local(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "未办结"


def _city_name(result: Assessment) -> str:
    return result.city.name if result.city else ""


def overview(result: Assessment) -> list[str]:
    city = result.city
    assert city is not None
    c, r = city.counts, city.rates
    return [
        f"本期（{result.period.start:%Y年%m月%d日}至{result.period.end:%Y年%m月%d日}，"
        f"统计时点{timezone.localtime(result.period.as_of):%Y年%m月%d日%H:%M}）"
        f"全市派单 {c['assignments']} 件次，回访 {c['callbacks']} 件，呼入电话 {c['calls_offered']} 个。",
        f"接通率 {percent(r['connection_rate'])}（接听 {c['calls_answered']} / 呼入 {c['calls_offered']}）；"
        f"签收率 {percent(r['sign_rate'])}（按时签收 {c['signed_on_time']} / 应计 {c['sign_due']}）；"
        f"办结率 {percent(r['completion_rate'])}（按时办结 {c['completed_on_time']} / 应计 "
        f"{c['completion_due']}）；满意率 {percent(r['satisfaction_rate'])}（满意及基本满意 "
        f"{c['satisfied'] + c['basically_satisfied']} / 联系上 {c['callbacks'] - c['unreached']}）。",
        f"签收超期 {city.derived['sign_late']} 件次，办结超期 {city.derived['completion_late']} 件次，"
        f"不满意 {c['unsatisfied']} 件，未经回访办结 {c['closed_without_callback']} 件。",
    ]


def ranking_table(result: Assessment) -> Table:
    ranked = ranking.ranking(result)
    places = {name: ranking.rate_places(result, name) for name in ranking.RANKED_RATES}
    return Table(
        "各单位考核排名",
        [
            "名次",
            "单位",
            "签收率",
            "办结率",
            "满意率",
            "应计办结",
            "办结超期",
            "综合得分",
            "签收率名次",
            "办结率名次",
            "满意率名次",
        ],
        [
            [
                item.rank,
                item.row.name,
                item.row.rates["sign_rate"],
                item.row.rates["completion_rate"],
                item.row.rates["satisfaction_rate"],
                item.row.counts["completion_due"],
                item.row.derived["completion_late"],
                round(item.score, 2) if item.score is not None else None,
                *(places[name].get(item.row.code) for name in ranking.RANKED_RATES),
            ]
            for item in ranked
        ],
        percent_columns=frozenset({2, 3, 4}),
        note=ranking.score_formula(),
    )


def county_table(result: Assessment) -> Table:
    return Table(
        "各县（市、区）四项指标",
        ["县（市、区）", "接通率", "签收率", "办结率", "满意率"],
        [[row.name, *(row.rates[name] for name in rates.RATE_LABELS)] for row in result.counties],
        percent_columns=frozenset({1, 2, 3, 4}),
    )


def build(result: Assessment, *, issued_on=None) -> Doc:
    period = result.period
    city = _city_name(result)
    issued = issued_on or timezone.localdate()
    ranked = ranking.ranking(result)
    best, worst = ranked[:3], list(reversed(ranked[-3:])) if len(ranked) > 3 else []
    praise = ranking.fast_and_satisfied(period)
    solved = ranking.key_cases_solved(period)
    late = ranking.overdue(period)
    unhappy = ranking.unsatisfied(period)
    refused = ranking.refused_returns(period)
    redo = ranking.sent_back(period)
    returns = ranking.returns(period)
    month = f"{period.start.year}年{period.start.month}月"
    same_month = (period.start.year, period.start.month) == (period.end.year, period.end.month)
    label = month if same_month else f"{period.start:%Y年%m月%d日}至{period.end:%Y年%m月%d日}"
    sections = [
        Section("一、总体情况", overview(result)),
        Section(
            "二、各单位考核排名",
            [
                "排名靠前的单位："
                + ("、".join(f"{i.row.name}（{i.score:.2f}分）" for i in best) or "无"),
                "排名靠后的单位："
                + ("、".join(f"{i.row.name}（{i.score:.2f}分）" for i in worst) or "无"),
            ],
            tables=[ranking_table(result), county_table(result)],
            charts=[
                Chart(
                    "各单位办结率（前15名）",
                    [i.row.name for i in ranked[:15]],
                    [i.row.rates["completion_rate"] or 0.0 for i in ranked[:15]],
                )
            ]
            if ranked
            else [],
        ),
        Section(
            "三、退单情况",
            [
                f"本期审结退单申请 {sum(r['accepted'] + r['refused'] for r in returns)} 件，其中同意 "
                f"{sum(r['accepted'] for r in returns)} 件、不同意 {sum(r['refused'] for r in returns)} 件。"
            ],
            tables=[
                Table(
                    "各单位退单审结情况",
                    ["单位", "同意退单", "不同意退单"],
                    [[r["unit__name"], r["accepted"], r["refused"]] for r in returns],
                ),
                Table(
                    "不同意退单（理由）",
                    ["工单编号", "单位", "审结时间", "审核意见"],
                    [
                        [
                            r.assignment.ticket.number,
                            r.unit.name,
                            _local(r.decided_at),
                            r.decision_reason or "—",
                        ]
                        for r in refused
                    ],
                ),
            ],
        ),
        Section(
            "四、正面典型",
            [
                f"{a.unit.name}办理的{a.ticket.number}“{a.ticket.subject}”，"
                f"派单后 {_hours(a)} 小时即答复办结，回访满意。"
                for a in praise
            ]
            + [
                f"{c.main_unit.name if c.main_unit else '12345平台'}办理的重点诉求{c.ticket.number}"
                f"“{c.ticket.subject}”，回访{c.get_result_display()}。"
                for c in solved
            ]
            or ["本期无。"],
        ),
        Section(
            "五、反面典型",
            [
                f"本期办结超期 {result.city.derived['completion_late'] if result.city else 0} 件次，"
                f"回访不满意 {result.city.counts['unsatisfied'] if result.city else 0} 件，"
                f"不同意退单 {sum(r['refused'] for r in returns)} 件，退回重办 {len(redo)} 次（列前若干件）。"
            ],
            tables=[
                Table(
                    "办结超期工单",
                    ["工单编号", "单位", "诉求", "答复时限", "答复办结"],
                    [
                        [
                            a.ticket.number,
                            a.unit.name,
                            a.ticket.subject,
                            _local(a.answer_deadline),
                            _local(
                                a.answered_at
                                if a.answered_at and a.answered_at <= period.as_of
                                else None
                            ),
                        ]
                        for a in late
                    ],
                ),
                Table(
                    "回访不满意工单",
                    ["工单编号", "主办单位", "诉求", "回访时间"],
                    [
                        [
                            c.ticket.number,
                            c.main_unit.name if c.main_unit else "—",
                            c.ticket.subject,
                            _local(c.at),
                        ]
                        for c in unhappy
                    ],
                ),
                Table(
                    "答复退回重办",
                    ["工单编号", "单位", "退回时间", "退回理由"],
                    [
                        [
                            e.ticket.number,
                            e.assignment.unit.name if e.assignment else "—",
                            _local(e.at),
                            str(e.data.get("reason") or "—"),
                        ]
                        for e in redo
                    ],
                ),
            ],
        ),
        Section("附：指标口径", list(rates.formulas().values())),
    ]
    return Doc(
        title=f"{city}12345政务服务便民热线{label}接诉即办工作情况通报",
        number_line=f"{city[:1]}12345办〔{issued.year}〕　　号",
        issued_on=issued,
        issuer=f"{city}12345政务服务便民热线工作专班",
        sections=sections,
        filename=f"{city}12345热线{label}通报",
    )


def _hours(assignment) -> str:
    took = assignment.answered_at - assignment.dispatched_at
    return f"{took.total_seconds() / 3600:.1f}"
