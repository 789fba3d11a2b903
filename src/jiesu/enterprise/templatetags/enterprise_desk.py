"""``{% if actor|at_enterprise_centre %}``: the frame asks the permission module."""

from django import template

from jiesu.organisation import permissions

register = template.Library()


@register.filter
def at_enterprise_centre(actor) -> bool:
    return actor is not None and permissions.at_enterprise_centre(actor)
