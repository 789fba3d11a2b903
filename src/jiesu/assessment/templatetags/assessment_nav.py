"""``{% if actor|reads_kpis %}``: the desk frame asks the permission module for the 考核 link."""

from django import template

from jiesu.organisation import permissions

register = template.Library()


@register.filter
def reads_kpis(actor) -> bool:
    return actor is not None and permissions.kpi_scope(actor) is not None


@register.filter
def pct(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.2f}%"
