"""Intake (R10) with its class and track suggestion and the 一人多次 proposal (R4, R5), and
answering a general consultation online (R11)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed
from jiesu.core.text import clean_text
from jiesu.organisation import permissions
from jiesu.organisation.actor import Actor
from jiesu.tickets import events, hooks, workflow
from jiesu.tickets.actions import intake_lookups as lookups
from jiesu.tickets.actions.callback import after_online_answer
from jiesu.tickets.choices import AppealType, Channel, DispatchClass, Track
from jiesu.tickets.models import Ticket, TicketCounter
from jiesu.tickets.queries import locked_ticket, visible_tickets

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_SERVICE = re.compile(r"^\d{3,6}$")  # short service numbers, e.g. a 110 hand-over
_ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")


@dataclass
class IntakeData:
    channel: str
    subject: str
    content: str
    appeal_type: str
    caller_name: str = ""
    caller_phone: str = ""
    caller_id_number: str = ""
    anonymous: bool = False
    confidential: bool = False
    urgent: bool = False
    enterprise: bool = False
    region: str | None = None
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    category: str | None = None
    # suggestions the operator accepted (issue 9): a unit code, a ticket number
    accepted_unit: str | None = None
    accepted_primary: str | None = None


def normalise_phone(raw: str) -> str:
    phone = re.sub(r"[\s()（）]", "", raw or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if phone and not (_MOBILE.match(phone) or _LANDLINE.match(phone) or _SERVICE.match(phone)):
        raise ValidationFailed(
            "invalid_phone",
            _("联系电话格式不正确：应为11位手机号或带区号的固定电话。"),
            field="caller.phone",
        )
    return phone


_REPEAT_SCAN = 100  # the most recent tickets of one phone that the repeat check reads
_REPEAT_TEXT = 500  # characters of content compared


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text.lower() if c.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def same_matter_similarity(a: str, b: str) -> float:
    """How alike two requests read: the Jaccard index of their character bigrams (letters and
    digits only), 0…1. Cheap, needs no segmenter, and works on Chinese as on anything else."""
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


@cache
def _repeat_sql() -> str:
    """The phone's newest tickets in the window, written once (not composed per call by the
    ORM: decision 0050); served by the (caller_phone, created_at) index."""
    q = connection.ops.quote_name
    return (
        f"SELECT {q('number')}, {q('category_id')}, {q('subject')}, "
        f"SUBSTR({q('content')}, 1, {_REPEAT_TEXT}) FROM {q(Ticket._meta.db_table)} "
        f"WHERE {q('caller_phone')} = %s AND {q('created_at')} >= %s AND {q('created_at')} <= %s "
        f"ORDER BY {q('created_at')} DESC, {q('id')} DESC LIMIT {_REPEAT_SCAN}"
    )


def repeat_matters(phone: str, category_id: int | None, text: str, now: datetime) -> list[str]:
    """一人多次 (R4): the numbers of the phone's earlier tickets on the same matter within
    ``JIESU_REPEAT_CALLER_DAYS`` days, newest first, as soon as ``JIESU_REPEAT_CALLER_EARLIER``
    are found (fewer: not a repeat). The same matter is the same category, or subject+content
    at least ``JIESU_REPEAT_CALLER_SIMILARITY`` alike. One query on the (caller_phone,
    created_at) index reading the newest 100 tickets; short service numbers (e.g. a 110
    hand-over) never count."""
    if len(phone) < 7:
        return []
    wanted = settings.JIESU_REPEAT_CALLER_EARLIER
    threshold = settings.JIESU_REPEAT_CALLER_SIMILARITY
    since = now - timedelta(days=settings.JIESU_REPEAT_CALLER_DAYS)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(_repeat_sql(), [phone, adapt(since), adapt(now)])
        rows = cursor.fetchall()
    found: list[str] = []
    for number, earlier_category, subject, head in rows:
        same_category = category_id is not None and earlier_category == category_id
        if same_category or same_matter_similarity(text, subject + head) >= threshold:
            found.append(number)
            if len(found) == wanted:
                return found
    return []


def suggest_class_and_track(appeal_type: str, urgent: bool) -> tuple[str, str]:
    """The default dispatch class (R4) and handling track (R5) at intake: A, and the track by
    appeal type and urgency; a general consultation is answered online. C is only proposed
    (``Ticket.proposed_class``) and D is the operator's decision: neither is suggested."""
    if appeal_type == AppealType.CONSULT_GENERAL:
        return DispatchClass.A, Track.ONLINE
    return DispatchClass.A, Track.FAST if urgent else Track.TIME_LIMITED


@cache
def _next_number_sql(apart_on_postgresql: bool) -> str:
    """The day's counter drawn by one upsert (SQLite ≥ 3.35 and PostgreSQL both have ON CONFLICT
    … RETURNING). Drawn apart on PostgreSQL, the statement also turns off, for its own
    transaction only, the wait for the disk at its commit (``set_config(…, true)`` is SET LOCAL
    as a function, so it can sit in the statement)."""
    table = connection.ops.quote_name(TicketCounter._meta.db_table)
    upsert = f"ON CONFLICT (day) DO UPDATE SET last = {table}.last + 1 RETURNING last"
    if apart_on_postgresql:
        return (
            "WITH quick AS (SELECT set_config('synchronous_commit', 'off', true)) "
            f"INSERT INTO {table} (day, last) SELECT %s, 1 FROM quick {upsert}"
        )
    return f"INSERT INTO {table} (day, last) VALUES (%s, 1) {upsert}"


def _next_number(now: datetime) -> str:
    """The day's next number.

    The upsert locks the day's counter row until its transaction ends. Intake draws the number
    apart, before the ticket's transaction (decision 0098): one statement that is its own
    transaction (autocommit), so the row is locked for that statement and a commit that does not
    wait for the disk — concurrent intakes do not queue behind each other's writes and flushes,
    and the draw costs one round trip (decision 0108). The draw alone is not flushed: the
    ticket's own commit flushes the log up to and past it, and a draw lost in a crash had no
    ticket committed with it. A ticket whose transaction then fails leaves its number unused, as
    a database sequence would; called inside a caller's transaction, the number is part of it."""
    day = timezone.localtime(now).date()
    apart = not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute(_next_number_sql(apart and connection.vendor == "postgresql"), [day])
        (last,) = cursor.fetchone()
    return f"{day:%Y%m%d}-{last:06d}"


def _validate(data: IntakeData, actor: Actor) -> dict:
    if data.channel not in Channel.values:
        raise ValidationFailed(
            "invalid_channel",
            _("未知的受理渠道：%(channel)s。") % {"channel": data.channel},
            field="channel",
        )
    if data.appeal_type not in AppealType.values:
        raise ValidationFailed(
            "invalid_appeal_type",
            _("未知的诉求类型：%(appeal_type)s。") % {"appeal_type": data.appeal_type},
            field="appeal_type",
        )
    phone = normalise_phone(data.caller_phone)
    if not data.anonymous and not phone:
        raise ValidationFailed(
            "phone_required", _("非匿名诉求须留联系电话。"), field="caller.phone"
        )
    id_number = (data.caller_id_number or "").strip()
    if id_number and not _ID_NUMBER.match(id_number):
        raise ValidationFailed(
            "invalid_id_number",
            _("证件号码格式不正确（18位居民身份证号）。"),
            field="caller.id_number",
        )
    if data.lat is not None and not -90 <= data.lat <= 90:
        raise ValidationFailed("invalid_coordinates", _("纬度须在 -90 到 90 之间。"), field="lat")
    if data.lon is not None and not -180 <= data.lon <= 180:
        raise ValidationFailed("invalid_coordinates", _("经度须在 -180 到 180 之间。"), field="lon")
    if data.region:
        region = lookups.region(data.region)
        if region is None:
            raise ValidationFailed(
                "unknown_region",
                _("未知的区域编码：%(region)s。") % {"region": data.region},
                field="region",
            )
    elif actor.unit is not None:
        region = actor.unit.region
    else:
        region = lookups.city_region()
        if region is None:
            raise ValidationFailed("unknown_region", _("尚未配置行政区域。"), field="region")
    for value, limit, field, label in (
        (data.caller_name, 60, "caller.name", _("诉求人姓名")),
        (data.address, 200, "address", _("地址")),
    ):
        if len((value or "").strip()) > limit:
            raise ValidationFailed(
                "field_too_long",
                _("%(label)s不能超过%(limit)s个字。") % {"label": label, "limit": limit},
                field=field,
            )
    category = None
    if data.category:
        category = lookups.active_category(data.category)
        if category is None:
            raise ValidationFailed(
                "unknown_category",
                _("未知的派单目录编码：%(category)s。") % {"category": data.category},
                field="category",
            )
    return {
        **_accepted(data, actor),
        "channel": data.channel,
        "caller_name": "" if data.anonymous else (data.caller_name or "").strip(),
        "caller_phone": phone,
        "caller_id_number": id_number.upper(),
        "anonymous": data.anonymous,
        "confidential": data.confidential,
        "subject": clean_text(data.subject, field="subject", label=_("标题"), max_length=200),
        "content": clean_text(data.content, field="content", label=_("诉求内容"), max_length=20000),
        "appeal_type": data.appeal_type,
        "urgent": data.urgent or bool(category and category.utility),
        "enterprise": data.enterprise,
        "region": region,
        "address": (data.address or "").strip(),
        "lat": data.lat,
        "lon": data.lon,
        "category": category,
    }


def _accepted(data: IntakeData, actor: Actor) -> dict:
    """The unit and the ticket to merge into that the operator accepted from the suggestions:
    an existing unit, a ticket the operator may see (else as unknown as a missing one)."""
    unit = primary = None
    if data.accepted_unit:
        unit = lookups.unit(data.accepted_unit)
        if unit is None:
            raise ValidationFailed(
                "unknown_unit",
                _("未知的单位编码：%(unit)s。") % {"unit": data.accepted_unit},
                field="accepted_unit",
            )
    if data.accepted_primary:
        primary = visible_tickets(actor).filter(number=data.accepted_primary).first()
        if primary is None:
            raise ValidationFailed(
                "merge_target_invalid",
                _("不能采纳并入工单%(into)s的建议：主单不存在或无权查看。")
                % {"into": data.accepted_primary},
                field="accepted_primary",
            )
    return {"accepted_unit": unit, "accepted_primary": primary}


def intake_ticket(data: IntakeData, *, actor: Actor, now: datetime | None = None) -> Ticket:
    """Record a request. Everything is validated before anything is written."""
    permissions.require(actor, "intake")
    now = now or timezone.now()
    fields = _validate(data, actor)
    dispatch_class, track = suggest_class_and_track(fields["appeal_type"], fields["urgent"])
    repeat_of: list[str] = []
    if fields["appeal_type"] != AppealType.CONSULT_GENERAL:  # answered online whoever asks
        category_id = fields["category"].pk if fields["category"] else None
        text = fields["subject"] + fields["content"][:_REPEAT_TEXT]
        repeat_of = repeat_matters(fields["caller_phone"], category_id, text, now)
    proposed_class = DispatchClass.C if repeat_of else ""
    number = _next_number(now)  # its own transaction when none is open (decision 0098)
    with transaction.atomic():
        ticket = Ticket.objects.create(
            number=number,
            query_code=f"{secrets.randbelow(10**6):06d}",
            dispatch_class=dispatch_class,
            track=track,
            proposed_class=proposed_class,
            intake_unit=actor.unit,
            created_by_id=actor.user_id,
            created_at=now,
            **fields,
        )
        events.intake(
            ticket,
            actor=actor,
            at=now,
            channel=ticket.channel,
            appeal_type=ticket.appeal_type,
            urgent=ticket.urgent,
            category=data.category,
            region=ticket.region.code,
            dispatch_class=dispatch_class,
            track=track,
            proposed_class=proposed_class,
            repeat_of=repeat_of,
            accepted_unit=data.accepted_unit or None,
            accepted_primary=data.accepted_primary or None,
        )
        hooks.taken_in(ticket)
    return ticket


def answerable_online(ticket: Ticket) -> bool:
    """R11: only consultations are answered online by the operator."""
    return ticket.appeal_type in (AppealType.CONSULT_GENERAL, AppealType.CONSULT_PROFESSIONAL)


def answer_online(number: str, answer: str, *, actor: Actor, now: datetime | None = None) -> Ticket:
    """The operator answers a consultation from the knowledge base (R11)."""
    permissions.require(actor, "answer_online")
    now = now or timezone.now()
    text = clean_text(answer, field="answer", label=_("答复内容"), max_length=20000)
    with transaction.atomic():
        ticket = locked_ticket(number)
        permissions.require(actor, "answer_online", ticket)
        if not answerable_online(ticket):
            raise ValidationFailed(
                "not_a_consultation",
                _("只有咨询类诉求可以在线直办答复（R11），其他诉求请派单。"),
                rule="R11",
            )
        fields = workflow.move(ticket, "answer_online")
        ticket.answer = text
        ticket.save(update_fields=[*fields, "answer"])
        events.answered_online(ticket, actor=actor, at=now, answer=text)
        after_online_answer(ticket, actor=actor, now=now)
    return ticket
