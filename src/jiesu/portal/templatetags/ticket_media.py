"""``{% ticket_media ticket as media %}``: what came with the ticket from outside (photos,
Open311 media), for the partial ``portal/partials/ticket_media.html``. The page that includes it
has already checked that its reader sees the ticket; each file is checked again when served."""

from django import template

from jiesu.portal import attachments

register = template.Library()


@register.simple_tag
def ticket_media(ticket) -> attachments.Media:
    return attachments.of_ticket(ticket)
