"""The portal's verbs: a citizen submits a request (through the hotline's own intake action) and
rates the answer (through its callback action, so the rating *is* the callback, R17)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed
from jiesu.integrations import media
from jiesu.organisation.actor import Actor, caller
from jiesu.portal import limits
from jiesu.portal.choices import AttemptKind, Rating
from jiesu.portal.models import Photo
from jiesu.tickets.actions import IntakeData, callback_ticket, intake_ticket
from jiesu.tickets.actions.intake import normalise_phone
from jiesu.tickets.choices import Channel
from jiesu.tickets.models import Callback, Ticket

#: what the portal's caller is called in the ticket's record
PORTAL_NAME = "市民（网站）"


@dataclass
class Submission:
    appeal_type: str
    content: str
    subject: str = ""
    happened_at: str = ""
    region: str | None = None
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    caller_name: str = ""
    caller_phone: str = ""
    anonymous: bool = False
    confidential: bool = False
    photos: list[UploadedFile] = field(default_factory=list)


def portal_actor(number: str = "") -> Actor:
    return caller(username=PORTAL_NAME, ticket_number=number)


def _subject(data: Submission) -> str:
    subject = (data.subject or "").strip()
    if subject:
        return subject
    first = (data.content or "").strip().splitlines()[0] if (data.content or "").strip() else ""
    return first[:30] or _("市民诉求")


def submit(data: Submission, *, client: str, now: datetime | None = None) -> Ticket:
    """Take the request in as the hotline's intake does (``Channel.WEB``): the number and the
    query code are the ticket's own. Checked whole before anything is written."""
    now = now or timezone.now()
    limits.check_submit(client, now)
    if 0 < len(normalise_phone(data.caller_phone)) < 7:  # short service numbers are for systems
        raise ValidationFailed(
            "invalid_phone",
            _("联系电话格式不正确：应为11位手机号或带区号的固定电话。"),
            field="caller.phone",
        )
    types = media.check_images(data.photos, field="photos", most=settings.JIESU_PORTAL_PHOTOS)
    content = (data.content or "").strip()
    if data.happened_at.strip():
        content = _("发生时间：%(replace)s\n%(content)s") % {
            "replace": data.happened_at.strip().replace("T", " "),
            "content": content,
        }
    intake = IntakeData(
        channel=Channel.WEB,
        subject=_subject(data),
        content=content,
        appeal_type=data.appeal_type,
        caller_name=data.caller_name,
        caller_phone=data.caller_phone,
        anonymous=data.anonymous,
        confidential=data.confidential,
        region=data.region or None,
        address=data.address,
        lat=data.lat,
        lon=data.lon,
    )
    with transaction.atomic():
        ticket = intake_ticket(intake, actor=portal_actor(), now=now)
        for photo, content_type in zip(data.photos, types, strict=True):
            Photo.objects.create(
                ticket=ticket, file=photo, content_type=content_type, size=photo.size or 0, at=now
            )
        limits.record(AttemptKind.SUBMIT, client, now)
    return ticket


def rate(number: str, *, result: str, comment: str = "", now: datetime | None = None) -> Callback:
    """The citizen's rating of the answer, recorded as the ticket's callback (R17): satisfied
    closes it, unsatisfied sends it back to be handled again. The caller must have shown the
    number's query code (``queries.ticket_by_code``) first."""
    if result not in Rating.values:
        raise ValidationFailed(
            "invalid_rating", _("请选择满意、基本满意或不满意。"), field="result"
        )
    comment = (comment or "").strip()
    if result == Rating.UNSATISFIED and not comment:
        raise ValidationFailed(
            "comment_required",
            _("选择不满意时，请写明仍未解决的问题，便于重新办理。"),
            field="comment",
        )
    return callback_ticket(
        number, result=result, comment=comment, actor=portal_actor(number), now=now
    )
