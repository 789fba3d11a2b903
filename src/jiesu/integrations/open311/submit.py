"""POST requests: an Open311 service request taken in through the hotline's intake action
(channel ``open311``), with what GeoReport carries beside it kept in ``Open311Request``."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from jiesu.catalogue.models import Category
from jiesu.core import inputs
from jiesu.core.errors import ValidationFailed
from jiesu.integrations import media
from jiesu.integrations.auth import Principal
from jiesu.integrations.models import Open311Request
from jiesu.integrations.open311.documents import ATTRIBUTES
from jiesu.tickets.actions import IntakeData, intake_ticket
from jiesu.tickets.choices import AppealType, Channel
from jiesu.tickets.models import Ticket

_ATTRIBUTE = re.compile(r"^attribute\[(?P<code>[^\]]+)\](?:\[\])?$")
_LIMITS = {"email": 254, "device_id": 100, "account_id": 100, "address_id": 100, "media_url": 500}


def _bad(field: str, message: str) -> ValidationFailed:
    return ValidationFailed("invalid_parameter", message, field=field)


def _text(params, name: str, *, limit: int | None = None) -> str:
    value = (params.get(name) or "").strip()
    inputs.clean_text(value, field=name, multiline=name == "description")
    if limit is not None and len(value) > limit:
        raise _bad(
            name, _("参数 %(name)s 不能超过 %(limit)s 个字符。") % {"name": name, "limit": limit}
        )
    return value


def _coordinate(params, name: str, low: float, high: float) -> float | None:
    raw = _text(params, name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise _bad(name, _("参数 %(name)s 须为数字（WGS84 坐标）。") % {"name": name}) from None
    if not low <= value <= high:
        raise _bad(
            name,
            _("参数 %(name)s 须在 %(low)s 到 %(high)s 之间。")
            % {"name": name, "low": low, "high": high},
        )
    return value


def _attributes(params) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in params:
        match = _ATTRIBUTE.match(name)
        if match is None:
            continue
        code = match["code"]
        if code not in ATTRIBUTES:
            raise _bad(
                name,
                _("未知的属性：%(code)s（可用：%(join)s）。")
                % {"code": code, "join": "、".join(ATTRIBUTES)},
            )
        found[code] = _text(params, name, limit=200)
    return found


def _service(params) -> Category:
    code = _text(params, "service_code", limit=60)
    if not code:
        raise _bad("service_code", _("缺少参数 service_code。"))
    category = Category.objects.filter(code=code, active=True, parent__isnull=False).first()
    if category is None:
        raise _bad("service_code", _("未知的 service_code：%(code)s。") % {"code": code})
    return category


def _checked(params) -> dict[str, str]:
    values = {name: _text(params, name, limit=limit) for name, limit in _LIMITS.items()}
    try:
        if values["email"]:
            validate_email(values["email"])
    except ValidationError:
        raise _bad("email", _("参数 email 不是有效的电子邮箱地址。")) from None
    try:
        if values["media_url"]:
            URLValidator(schemes=["http", "https"])(values["media_url"])
    except ValidationError:
        raise _bad("media_url", _("参数 media_url 须为 http(s) 地址。")) from None
    return values


def _media(files) -> tuple[UploadedFile | None, str]:
    """The picture uploaded as ``media`` (multipart), as FixMyStreet, Mark-a-Spot and other
    GeoReport servers take it beside ``media_url``: one, a real picture, within the size."""
    uploads = files.getlist("media") if files is not None else []
    if not uploads:
        return None, ""
    [kind] = media.check_images(uploads, field="media", most=1)
    return uploads[0], kind


def submit(
    params, principal: Principal, *, now: datetime, files=None
) -> tuple[Ticket, Open311Request]:
    """Everything is checked before anything is written; then one transaction."""
    category = _service(params)
    lat = _coordinate(params, "lat", -90, 90)
    lon = _coordinate(params, "long", -180, 180)
    if (lat is None) != (lon is None):
        raise _bad("long", _("lat 和 long 须同时提供。"))
    address = _text(params, "address_string", limit=200)
    extra = _checked(params)
    if lat is None and not address and not extra["address_id"]:
        raise _bad("lat", _("须提供位置：lat 和 long、address_string 或 address_id 之一。"))
    attributes = _attributes(params)
    upload, upload_type = _media(files)
    appeal_type = attributes.get("appeal_type") or AppealType.HELP
    description = _text(params, "description")
    if not description:
        raise _bad("description", _("缺少参数 description（诉求内容）。"))
    phone = _text(params, "phone", limit=30)
    name = _text(params, "last_name", limit=30) + _text(params, "first_name", limit=30)
    data = IntakeData(
        channel=Channel.OPEN311,
        subject=attributes.get("subject") or description.splitlines()[0][:30],
        content=description,
        appeal_type=appeal_type,
        caller_name=name,
        caller_phone=phone,
        anonymous=not phone,
        region=attributes.get("region") or None,
        address=address
        or (
            _("地址编号 %(address_id)s") % {"address_id": extra["address_id"]}
            if extra["address_id"]
            else ""
        ),
        lat=lat,
        lon=lon,
        category=category.code,
    )
    with transaction.atomic():
        ticket = intake_ticket(data, actor=principal.actor, now=now)
        record = Open311Request.objects.create(
            ticket=ticket,
            token=secrets.token_urlsafe(12),
            key=principal.key,
            attributes=attributes,
            media_type=upload_type,
            **extra,
        )
        if upload is not None:
            record.media.save(upload.name or "media", upload, save=False)
            record.save(update_fields=["media"])
    return ticket, record
