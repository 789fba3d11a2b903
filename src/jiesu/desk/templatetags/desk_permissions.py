"""``{% if actor|may:"intake" %}``: the frame asks the permission module, never restates a rule."""

from django import template

from jiesu.organisation import permissions

register = template.Library()


@register.filter
def may(actor, verb: str) -> bool:
    return actor is not None and permissions.may(actor, verb)
