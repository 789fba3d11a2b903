"""``{% if actor|reads_kpis %}``: the desk frame asks the permission module for the 考核 link."""

from django import template

from jiesu.organisation import permissions

register = template.Library()


@register.filter
def reads_kpis(actor) -> bool:
    return actor is not None and permissions.kpi_scope(actor) is not None


@register.filter
def generates_reports(actor) -> bool:
    """The 生成月报或专报 link: asked of the permission module."""
    return actor is not None and permissions.generates_reports(actor)


@register.filter
def reads_whole_city(actor) -> bool:
    """The links of the leadership home (supervisors, the city platform, administrators)."""
    return actor is not None and permissions.kpi_scope(actor) == "all"


@register.filter
def reads_archive(actor) -> bool:
    """The 报告 link of the leadership home: whoever reads a whole report or a unit's part."""
    return actor is not None and (
        permissions.reads_reports(actor) or permissions.kpi_scope(actor) is not None
    )


@register.filter
def pct(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.2f}%"
