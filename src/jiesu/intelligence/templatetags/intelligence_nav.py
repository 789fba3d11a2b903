"""``{% if actor|reads_reports %}``: the desk frame shows the hotspot page to report readers."""

from django import template

from jiesu.organisation import permissions

register = template.Library()


@register.filter
def reads_reports(actor) -> bool:
    return actor is not None and permissions.reads_reports(actor)
