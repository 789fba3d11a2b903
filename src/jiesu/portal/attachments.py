"""What came with a ticket from outside — photos a citizen attached on the portal, a picture
uploaded with an Open311 request, an Open311 ``media_url`` — for the people handling the ticket
(the desk's ticket page, ``portal/partials/ticket_media.html``) and for the citizen who showed the
query code. Read under the ticket's own rule (``permissions.sees_ticket``); anyone else gets the
same 404 as for a file that does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import NotFound
from jiesu.integrations.models import Open311Request
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.portal.models import Photo
from jiesu.tickets.models import Ticket

KINDS = {"photo": gettext_lazy("市民门户照片"), "open311": gettext_lazy("Open311 上传图片")}


@dataclass(frozen=True)
class Attachment:
    kind: str  # a key of ``KINDS``
    pk: int
    source: str
    content_type: str
    size: int
    at: datetime | None


@dataclass(frozen=True)
class Media:
    files: list[Attachment]
    links: list[str]  # Open311 ``media_url``: shown as links, never fetched by the server

    def __bool__(self) -> bool:
        return bool(self.files or self.links)


def of_ticket(ticket: Ticket) -> Media:
    """Everything attached to ``ticket``, photos first (two queries)."""
    files = [
        Attachment("photo", p.pk, str(KINDS["photo"]), p.content_type, p.size, p.at)
        for p in Photo.objects.filter(ticket=ticket).order_by("id")
    ]
    links: list[str] = []
    record = Open311Request.objects.filter(ticket=ticket).first()
    if record is not None:
        if record.media:
            files.append(
                Attachment(
                    "open311",
                    record.pk,
                    str(KINDS["open311"]),
                    record.media_type,
                    _size(record.media),
                    ticket.created_at,
                )
            )
        if record.media_url:
            links.append(record.media_url)
    return Media(files, links)


def _size(field: FieldFile) -> int:
    try:
        return field.size
    except OSError:
        return 0


def not_found() -> NotFound:
    return NotFound("attachment_not_found", _("附件不存在或无权查看。"))


def get_file_for(actor: Actor, kind: str, pk: int) -> tuple[FieldFile, str]:
    """The stored file and its type, if ``actor`` sees the ticket it belongs to."""
    row: Photo | Open311Request | None
    if kind == "photo":
        row = Photo.objects.select_related("ticket").filter(pk=pk).first()
        found = (row.file, row.content_type) if row else None
    elif kind == "open311":
        row = Open311Request.objects.select_related("ticket").filter(pk=pk).first()
        found = (row.media, row.media_type) if row and row.media else None
    else:
        row, found = None, None
    if row is None or found is None or not permissions.sees_ticket(actor, row.ticket):
        raise not_found()
    return found
