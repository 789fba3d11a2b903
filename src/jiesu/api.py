"""The REST API under /api/v1/: routers of each app, bearer tokens, JSON errors with stable codes."""

from __future__ import annotations

import logging

from django.http import Http404
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from jiesu.assessment.api import router as assessment_router
from jiesu.catalogue.api import router as catalogue_router
from jiesu.core import openapi
from jiesu.core.errors import JiesuError
from jiesu.diversion.api import router as diversion_router
from jiesu.diversion.choices import DiversionChannel
from jiesu.enterprise.api import router as enterprise_router
from jiesu.handling.api import router as handling_router
from jiesu.integrations.api import router as inbound_router
from jiesu.integrations.choices import Source
from jiesu.intelligence.api import router as intelligence_router
from jiesu.knowledge.api import router as knowledge_router
from jiesu.notifications.api import router as notifications_router
from jiesu.organisation.api import router as organisation_router
from jiesu.organisation.auth import TokenAuth
from jiesu.organisation.choices import UnitKind
from jiesu.queues.api import router as queues_router
from jiesu.reports.api import router as reports_router
from jiesu.supervision.api import router as supervision_router
from jiesu.tickets.api import router as tickets_router
from jiesu.tickets.api_platform import router as tickets_platform_router
from jiesu.tickets.choices import (
    AppealType,
    CallbackResult,
    Channel,
    DispatchClass,
    TicketStatus,
    Track,
)
from jiesu.workdays.api import router as calendar_router

logger = logging.getLogger("jiesu.api")


class UnicodeJSONRenderer(JSONRenderer):
    """Chinese text as itself, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


# The values each enumerated field takes, declared in the OpenAPI document (core/openapi.py).
ENUMS = {
    ("TicketIn", "channel"): Channel,
    ("TicketIn", "appeal_type"): AppealType,
    ("CallbackIn", "result"): CallbackResult,
    ("ClassifyIn", "dispatch_class"): DispatchClass,
    ("ClassifyIn", "track"): Track,
    ("DivertIn", "channel"): DiversionChannel,
    ("ExternalResultIn", "channel"): DiversionChannel,
    ("InboundIn", "channel"): Source,
    ("InboundIn", "appeal_type"): AppealType,
    ("query", "status"): TicketStatus,
    ("query", "kind"): UnitKind,
}


class JiesuAPI(NinjaAPI):
    """The document declares every error response and the limits the API enforces."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return openapi.complete(document, enums=ENUMS)


api = JiesuAPI(
    renderer=UnicodeJSONRenderer(),
    title=gettext_lazy("Jiesu 接诉 API"),
    version="1",
    description=gettext_lazy(
        '12345 热线接诉即办闭环接口。错误统一为 JSON：{"code": 稳定错误码, "message": 中文说明}。'
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
)
api.add_router("/", tickets_router)
api.add_router("/", organisation_router)
api.add_router("/", catalogue_router)
api.add_router("/", calendar_router)
api.add_router("/", tickets_platform_router)
api.add_router("/", handling_router)
api.add_router("/", supervision_router)
api.add_router("/", diversion_router)
api.add_router("/", reports_router)
api.add_router("/", inbound_router)
api.add_router("/", queues_router)
api.add_router("/", intelligence_router)
api.add_router("/", knowledge_router)
api.add_router("/", assessment_router)
api.add_router("/", enterprise_router)
api.add_router("/", notifications_router)


@api.exception_handler(JiesuError)
def _jiesu_error(request, exc: JiesuError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    fields = [
        ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "payload", "query", "path"))
        for e in exc.errors
    ]
    named = list(dict.fromkeys(f for f in fields if f))
    if named:
        message = _("请求参数不正确：%(names)s。") % {"names": "、".join(named)}
    elif any(tuple(e.get("loc", ()))[:1] == ("body",) for e in exc.errors):
        message = _("缺少请求体：该接口需要一个 JSON 对象（Content-Type: application/json）。")
    else:
        message = _("请求参数不正确。")
    return api.create_response(
        request, {"code": "validation_error", "message": message, "errors": exc.errors}, status=422
    )


@api.exception_handler(RawPostDataException)
def _form_body_to_json_endpoint(request, exc):
    """A multipart body (read by the input boundary) sent to an endpoint that reads JSON."""
    return api.create_response(
        request,
        {
            "code": "unsupported_media_type",
            "message": _(
                "该接口的请求体须为 UTF-8 编码的 JSON（Content-Type: application/json）。"
            ),
        },
        status=415,
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return api.create_response(
        request,
        {
            "code": "unauthorized",
            "message": _("未登录或令牌无效：请在 Authorization 头中提供 Bearer 令牌。"),
        },
        status=401,
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(
        request, {"code": "not_found", "message": _("请求的资源不存在。")}, status=404
    )


@api.exception_handler(Exception)
def _server_error(request, exc: Exception):
    """Anything unexpected: logged with its traceback, answered in the API's error shape."""
    logger.exception("unhandled error in %s %s", request.method, request.path)
    return api.create_response(
        request,
        {"code": "server_error", "message": _("服务器内部错误，已记录，请稍后重试或联系管理员。")},
        status=500,
    )


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    code = {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
    }
    message = {400: _("请求格式不正确：请求体须为合法的 JSON。"), 405: _("不支持该请求方法。")}.get(
        exc.status_code, str(exc)
    )
    return api.create_response(
        request,
        {"code": code.get(exc.status_code, "error"), "message": message},
        status=exc.status_code,
    )
