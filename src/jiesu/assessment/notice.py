"""The monthly notice (月度通报, R22): the city's four rates, the unit ranking, returns, overdue
lists, positive and negative examples, and the formulas — a document an office signs off."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.assessment import ranking, rates
from jiesu.assessment.documents import Chart, Doc, Section, Table
from jiesu.assessment.presentation import percent
from jiesu.assessment.rates import Assessment


def _local(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else _("未办结")


def _city_name(result: Assessment) -> str:
    return result.city.name if result.city else ""


def overview(result: Assessment) -> list[str]:
    city = result.city
    assert city is not None
    c, r = city.counts, city.rates
    return [
        _(
            "本期（%(start)s至%(end)s，统计时点%(as_of)s）全市派单 %(assignments)s 件次，回访 %(callbacks)s 件，呼入电话 %(calls_offered)s 个。"
        )
        % {
            "start": format(result.period.start, _("%Y年%m月%d日")),
            "end": format(result.period.end, _("%Y年%m月%d日")),
            "as_of": format(timezone.localtime(result.period.as_of), _("%Y年%m月%d日%H:%M")),
            "assignments": c["assignments"],
            "callbacks": c["callbacks"],
            "calls_offered": c["calls_offered"],
        },
        rates_sentence(r, c),
        _(
            "签收超期 %(sign_late)s 件次，办结超期 %(completion_late)s 件次，不满意 %(unsatisfied)s 件，未经回访办结 %(closed_without_callback)s 件。"
        )
        % {
            "sign_late": city.derived["sign_late"],
            "completion_late": city.derived["completion_late"],
            "unsatisfied": c["unsatisfied"],
            "closed_without_callback": c["closed_without_callback"],
        },
    ]


def ranking_table(result: Assessment) -> Table:
    ranked = ranking.ranking(result)
    places = {name: ranking.rate_places(result, name) for name in ranking.RANKED_RATES}
    return Table(
        _("各单位考核排名"),
        [
            _("名次"),
            _("单位"),
            _("签收率"),
            _("办结率"),
            _("满意率"),
            _("应计办结"),
            _("办结超期"),
            _("综合得分"),
            _("签收率名次"),
            _("办结率名次"),
            _("满意率名次"),
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
        _("各县（市、区）四项指标"),
        [_("县（市、区）"), _("接通率"), _("签收率"), _("办结率"), _("满意率")],
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
    month = _("%(year)s年%(month)s月") % {"year": period.start.year, "month": period.start.month}
    same_month = (period.start.year, period.start.month) == (period.end.year, period.end.month)
    label = (
        month
        if same_month
        else _("%(start)s至%(end)s")
        % {
            "start": format(period.start, _("%Y年%m月%d日")),
            "end": format(period.end, _("%Y年%m月%d日")),
        }
    )
    sections = [
        Section(_("一、总体情况"), overview(result)),
        Section(
            _("二、各单位考核排名"),
            [
                _("排名靠前的单位：")
                + (
                    "、".join(
                        _("%(name)s（%(score).2f分）") % {"name": i.row.name, "score": i.score}
                        for i in best
                    )
                    or _("无")
                ),
                _("排名靠后的单位：")
                + (
                    "、".join(
                        _("%(name)s（%(score).2f分）") % {"name": i.row.name, "score": i.score}
                        for i in worst
                    )
                    or _("无")
                ),
            ],
            tables=[ranking_table(result), county_table(result)],
            charts=[
                Chart(
                    _("各单位办结率（前15名）"),
                    [i.row.name for i in ranked[:15]],
                    [i.row.rates["completion_rate"] or 0.0 for i in ranked[:15]],
                )
            ]
            if ranked
            else [],
        ),
        Section(
            _("三、退单情况"),
            [
                _(
                    "本期审结退单申请 %(decided)s 件，其中同意 %(accepted)s 件、不同意 %(refused)s 件。"
                )
                % {
                    "decided": sum(r["accepted"] + r["refused"] for r in returns),
                    "accepted": sum(r["accepted"] for r in returns),
                    "refused": sum(r["refused"] for r in returns),
                }
            ],
            tables=[
                Table(
                    _("各单位退单审结情况"),
                    [_("单位"), _("同意退单"), _("不同意退单")],
                    [[r["unit__name"], r["accepted"], r["refused"]] for r in returns],
                ),
                Table(
                    _("不同意退单（理由）"),
                    [_("工单编号"), _("单位"), _("审结时间"), _("审核意见")],
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
            _("四、正面典型"),
            [
                _(
                    "%(name)s办理的%(number)s“%(subject)s”，派单后 %(hours)s 小时即答复办结，回访满意。"
                )
                % {
                    "name": a.unit.name,
                    "number": a.ticket.number,
                    "subject": a.ticket.subject,
                    "hours": _hours(a),
                }
                for a in praise
            ]
            + [
                _("%(unit)s办理的重点诉求%(number)s“%(subject)s”，回访%(result)s。")
                % {
                    "unit": c.main_unit.name if c.main_unit else _("12345平台"),
                    "number": c.ticket.number,
                    "subject": c.ticket.subject,
                    "result": c.get_result_display(),
                }
                for c in solved
            ]
            or [_("本期无。")],
        ),
        Section(
            _("五、反面典型"),
            [
                _(
                    "本期办结超期 %(completion_late)s 件次，回访不满意 %(unsatisfied)s 件，不同意退单 %(refused)s 件，退回重办 %(n_redo)s 次（列前若干件）。"
                )
                % {
                    "completion_late": result.city.derived["completion_late"] if result.city else 0,
                    "unsatisfied": result.city.counts["unsatisfied"] if result.city else 0,
                    "refused": sum(r["refused"] for r in returns),
                    "n_redo": len(redo),
                }
            ],
            tables=[
                Table(
                    _("办结超期工单"),
                    [_("工单编号"), _("单位"), _("诉求"), _("答复时限"), _("答复办结")],
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
                    _("回访不满意工单"),
                    [_("工单编号"), _("主办单位"), _("诉求"), _("回访时间")],
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
                    _("答复退回重办"),
                    [_("工单编号"), _("单位"), _("退回时间"), _("退回理由")],
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
        Section(_("附：指标口径"), list(rates.formulas().values())),
    ]
    return Doc(
        title=_("%(city)s12345政务服务便民热线%(label)s接诉即办工作情况通报")
        % {"city": city, "label": label},
        number_line=_("%(city)s12345办〔%(year)s〕\u3000\u3000号")
        % {"city": city[:1], "year": issued.year},
        issued_on=issued,
        issuer=_("%(city)s12345政务服务便民热线工作专班") % {"city": city},
        sections=sections,
        filename=_("%(city)s12345热线%(label)s通报") % {"city": city, "label": label},
    )


def _hours(assignment) -> str:
    took = assignment.answered_at - assignment.dispatched_at
    return f"{took.total_seconds() / 3600:.1f}"


def rates_sentence(r: dict, c: dict) -> str:
    """The four rates with the counts behind each, as one sentence (the notice's overview and the
    monthly report's)."""
    reached = c["reached"] if "reached" in c else c["callbacks"] - c["unreached"]
    return _(
        "接通率 %(connection_rate)s（接听 %(calls_answered)s / 呼入 %(calls_offered)s）；签收率 %(sign_rate)s（按时签收 %(signed_on_time)s / 应计 %(sign_due)s）；办结率 %(completion_rate)s（按时办结 %(completed_on_time)s / 应计 %(completion_due)s）；满意率 %(satisfaction_rate)s（满意及基本满意 %(satisfied)s / 联系上 %(reached)s）。"
    ) % {
        "connection_rate": percent(r["connection_rate"]),
        "calls_answered": c["calls_answered"],
        "calls_offered": c["calls_offered"],
        "sign_rate": percent(r["sign_rate"]),
        "signed_on_time": c["signed_on_time"],
        "sign_due": c["sign_due"],
        "completion_rate": percent(r["completion_rate"]),
        "completed_on_time": c["completed_on_time"],
        "completion_due": c["completion_due"],
        "satisfaction_rate": percent(r["satisfaction_rate"]),
        "satisfied": c["satisfied"] + c["basically_satisfied"],
        "reached": reached,
    }
