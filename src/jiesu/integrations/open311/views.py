"""Open311 GeoReport v2 at /open311/v2/: thin views that parse, authenticate through
``integrations.auth``, read or call the hotline's actions, and answer in JSON or XML.

Errors are the specification's ``[{code, description}]`` with the HTTP status: 400 for a bad
parameter, 403 for a missing, invalid or under-scoped ``api_key``, 404 for what is not there (or
not the key's to read), 429 past the key's rate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import wraps

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from jiesu.catalogue.models import Category
from jiesu.core import inputs
from jiesu.core.errors import JiesuError, ValidationFailed
from jiesu.integrations.auth import credential_of, key_for_request, mark_audited
from jiesu.integrations.choices import Scope
from jiesu.integrations.models import Open311Request
from jiesu.integrations.open311 import documents, formats
from jiesu.integrations.open311.submit import submit
from jiesu.tickets.choices import Channel
from jiesu.tickets.models import Event, Ticket
from jiesu.tickets.queries import visible_tickets

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = datetime(2026, 12, 2, tzinfo=UTC)  # when these endpoints last changed
MAX_SPAN = timedelta(days=90)
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 50  # the specification leaves the default to the server (decision 0080)


def _format(request, fmt: str | None) -> str:
    fmt = fmt or request.GET.get("format") or formats.XML
    return fmt if fmt in (formats.JSON, formats.XML) else formats.XML


def open311(methods: tuple[str, ...] = ("GET",)):
    """Every endpoint: audited, the format chosen, the method checked, refusals rendered in the
    Open311 error format."""

    def wrap(view):
        @csrf_exempt
        @wraps(view)
        def inner(request, *args, fmt: str | None = None, **kwargs):
            mark_audited(request)
            chosen = _format(request, fmt)
            if request.GET.get("format") not in (None, formats.JSON, formats.XML):
                return formats.error(chosen, 400, _("format 须为 json 或 xml。"))
            if request.method not in methods:
                return formats.error(
                    chosen, 405, _("不支持 %(method)s 方法。") % {"method": request.method}
                )
            try:
                return view(request, chosen, *args, **kwargs)
            except JiesuError as exc:
                status = {401: 403, 422: 400}.get(exc.status, exc.status)
                return formats.error(chosen, status, exc.message)

        return inner

    return wrap


@open311()
def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2/")
    return formats.respond(
        fmt,
        "discovery",
        {
            "changeset": documents.iso(CHANGESET),
            "contact": settings.JIESU_OPEN311_CONTACT,
            "key_service": settings.JIESU_OPEN311_KEY_SERVICE,
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base,
                    "changeset": documents.iso(CHANGESET),
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


@open311()
def services(request, fmt):
    rows = [documents.service(c) for c in documents.services()]
    return formats.respond(fmt, "services", rows)


@open311()
def service_definition(request, fmt, code: str):
    category = documents.services().filter(code=code).first()
    if category is None:
        return formats.error(fmt, 404, _("未知的 service_code：%(code)s。") % {"code": code})
    return formats.respond(fmt, "service_definition", documents.definition(category))


@open311(("GET", "POST"))
def requests(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    tickets, full = _readable(request)
    qs = documents.with_related(tickets)
    ids = _list(request, "service_request_id")
    qs = qs.filter(number__in=ids) if ids else _filtered(request, qs)
    page = _int(request, "page", 1, 1, 1000)
    size = _int(request, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    rows = list(qs.order_by("-created_at", "-id")[(page - 1) * size : page * size])
    return formats.respond(fmt, "service_requests", documents.requests(rows, full=full))


def _readable(request) -> tuple[QuerySet[Ticket], bool]:
    """What the caller may read, and whether in full. With an ``api_key``: the key's own
    requests (a user's token: what the user may see), in full. Without: the requests that came in
    through Open311, without description, address, place, media or answer (decision 0026)."""
    if credential_of(request):
        principal = key_for_request(request, Scope.READ_OWN)
        return visible_tickets(principal.actor), True
    return Ticket.objects.filter(channel=Channel.OPEN311), False


def _create(request, fmt):
    principal = key_for_request(request, Scope.SUBMIT)
    ticket, record = submit(request.POST, principal, now=timezone.now(), files=request.FILES)
    notice = _("已受理，工单编号%(number)s，查询码%(query_code)s（可在12345市民门户查询）。") % {
        "number": ticket.number,
        "query_code": ticket.query_code,
    }
    row = {
        "service_request_id": ticket.number,
        "token": record.token,
        "service_notice": notice,
        "account_id": record.account_id or None,
    }
    return formats.respond(fmt, "service_requests", [row], status=201)


@open311()
def request_detail(request, fmt, number: str):
    tickets, full = _readable(request)
    ticket = documents.with_related(tickets).filter(number=number).first()
    if ticket is None:
        return formats.error(
            fmt, 404, _("服务请求 %(number)s 不存在或无权查看。") % {"number": number}
        )
    return formats.respond(fmt, "service_requests", documents.requests([ticket], full=full))


@open311()
def token(request, fmt, token: str):
    tickets, _full = _readable(request)
    record = Open311Request.objects.select_related("ticket").filter(token=token).first()
    if record is None or not tickets.filter(pk=record.ticket_id).exists():
        return formats.error(fmt, 404, _("令牌 %(token)s 不存在或无权查看。") % {"token": token})
    row = {"service_request_id": record.ticket.number, "token": record.token}
    return formats.respond(fmt, "service_requests", [row])


@open311()
def updates(request, fmt):
    """The ``servicerequestupdates`` extension: the public steps of the key's requests."""
    tickets, full = _readable(request)
    start, end = _window(request)
    events = list(
        Event.objects.filter(
            ticket__in=tickets,
            kind__in=list(documents.UPDATE_KINDS),
            at__gte=start,
            at__lte=end,
        )
        .select_related("ticket")
        .order_by("at", "id")[: _int(request, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)]
    )
    replies = documents.reply_texts(events) if full else None
    rows = [documents.update(e, replies) for e in events]
    return formats.respond(fmt, "service_requests_updates", rows)


@open311(("GET", "POST"))
def not_found(request, fmt, rest: str = ""):
    return formats.error(fmt, 404, _("接口不存在：%(path)s。") % {"path": request.path})


# --- parameters ----------------------------------------------------------------------------


def _list(request, name: str) -> list[str]:
    raw = request.GET.get(name, "")
    inputs.clean_text(raw, field=name, multiline=False)
    return [v.strip() for v in raw.split(",") if v.strip()][:1000]


def _int(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationFailed(
            "invalid_parameter", _("参数 %(name)s 须为整数。") % {"name": name}
        ) from None
    if not low <= value <= high:
        raise ValidationFailed(
            "invalid_parameter",
            _("参数 %(name)s 须在 %(low)s 到 %(high)s 之间。")
            % {"name": name, "low": low, "high": high},
        )
    return value


def _date(request, name: str) -> datetime | None:
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise ValidationFailed(
            "invalid_parameter",
            _("参数 %(name)s 须为带时区的 W3C 日期时间，如 2025-06-23T09:00:00+08:00。")
            % {"name": name},
        )
    inputs.check_year(value, field=name)
    return value


def _window(request) -> tuple[datetime, datetime]:
    """``start_date``/``end_date``: at most 90 days; by default the last 90 days."""
    start, end = _date(request, "start_date"), _date(request, "end_date")
    if end is None:
        end = start + MAX_SPAN if start else timezone.now()
    if start is None:
        start = end - MAX_SPAN
    if start > end:
        raise ValidationFailed("invalid_parameter", _("start_date 不能晚于 end_date。"))
    if end - start > MAX_SPAN:
        raise ValidationFailed("invalid_parameter", _("start_date 到 end_date 不能超过 90 天。"))
    return start, end


def _filtered(request, qs):
    start, end = _window(request)
    qs = qs.filter(created_at__gte=start, created_at__lte=end)
    codes = _list(request, "service_code")
    if codes:  # the ids first: the filter then fits the index on (creator, category, time)
        ids = list(Category.objects.filter(code__in=codes).values_list("id", flat=True))
        qs = qs.filter(category_id__in=ids)
    statuses = _list(request, "status")
    unknown = set(statuses) - {documents.OPEN, documents.CLOSED}
    if unknown:
        raise ValidationFailed("invalid_parameter", _("status 须为 open 或 closed（可逗号分隔）。"))
    if set(statuses) == {documents.OPEN}:
        qs = qs.exclude(status__in=documents.CLOSED_STATES)
    elif set(statuses) == {documents.CLOSED}:
        qs = qs.filter(status__in=documents.CLOSED_STATES)
    return qs
