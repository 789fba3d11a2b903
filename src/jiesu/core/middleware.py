from __future__ import annotations

import json
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from jiesu.core import inputs
from jiesu.core.errors import JiesuError, ValidationFailed


class BodySizeLimitMiddleware:
    """Refuse request bodies above DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
            limit = (
                settings.JIESU_MAX_UPLOAD_BYTES
            )  # file uploads, e.g. a return's stamped statement
        if limit is not None and length > limit:
            return JsonResponse(
                {
                    "code": "payload_too_large",
                    "message": _("请求内容过大：不能超过%(kb)s KB。") % {"kb": limit // 1024},
                },
                status=413,
                json_dumps_params={"ensure_ascii": False},
            )
        return self.get_response(request)


def _json_error(exc: JiesuError) -> JsonResponse:
    return JsonResponse(exc.as_dict(), status=exc.status, json_dumps_params={"ensure_ascii": False})


def _unsupported_media_type() -> JiesuError:
    return JiesuError(
        "unsupported_media_type",
        _(
            "请求体须为 UTF-8 编码的 JSON（Content-Type: application/json）；"
            "只有上传文件的接口接受 multipart/form-data。"
        ),
        status=415,
    )


class _FileNameCheck(FileUploadHandler):
    """Sees each uploaded file's name (already stripped of path parts and unprintable characters
    by Django) before Django shortens it to 255 characters, and refuses a name over the limit."""

    def new_file(self, field_name, file_name, *args, **kwargs):
        if len(file_name or "") > inputs.MAX_FILE_NAME:
            raise ValidationFailed(
                "file_name_too_long",
                _("文件名过长：不能超过 %(MAX_FILE_NAME)s 个字符，实际为 %(n_file_name)s 个。")
                % {"MAX_FILE_NAME": inputs.MAX_FILE_NAME, "n_file_name": len(file_name)},
                field=field_name,
            )

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


class InputBoundaryMiddleware:
    """The one input boundary (``core.inputs``; docs/decisions/0010-input-boundary.md).

    On every path: an address or a query parameter with a control character, a lone surrogate or
    a percent-escape that is not UTF-8 is refused (the desk gets a plain 400 page). Under /api/
    also: a date outside the accepted years in the query or the body; a body that is neither
    UTF-8 JSON nor multipart (415); malformed multipart (400); a file name over the limit; a
    control character or lone surrogate in any string of a JSON body, object keys included.
    Nothing behind it — views, actions, the database — sees such input."""

    API = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path.startswith(self.API)
        try:
            self.check_address(request, is_api=is_api)
            if is_api:
                self.check_body(request)
        except JiesuError as exc:
            if is_api:
                return _json_error(exc)
            return HttpResponseBadRequest(
                exc.message.encode(), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)

    @staticmethod
    def check_address(request, *, is_api: bool) -> None:
        inputs.clean_text(request.path, field="path", multiline=False)
        try:
            unquote_to_bytes(request.META.get("QUERY_STRING", "")).decode("utf-8")
        except UnicodeDecodeError:
            raise inputs.invalid_characters("query") from None
        for name, values in request.GET.lists():
            for value in values:
                inputs.check_parameter(name, value, dates=is_api)

    @staticmethod
    def check_body(request) -> None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= 0 and "HTTP_TRANSFER_ENCODING" not in request.META:
            return  # no body: the endpoint's schema says whether it needed one
        content_type = request.content_type or ""
        if content_type == "multipart/form-data":
            request.upload_handlers.insert(0, _FileNameCheck(request))
            try:
                request.POST  # noqa: B018 - parses the body (files included) now, once
            except (MultiPartParserError, UnicodeDecodeError) as exc:
                raise JiesuError(
                    "malformed_body", _("请求体不是有效的 multipart/form-data。"), status=400
                ) from exc
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
                raise JiesuError(
                    "payload_too_large", _("请求内容过大：字段或文件过多。"), status=413
                ) from exc
            for name, values in request.POST.lists():
                for value in values:
                    inputs.clean_text(value, field=name)
            return
        charset = request.content_params.get("charset", "utf-8").lower()
        if content_type != "application/json" or charset not in ("utf-8", "utf8"):
            raise _unsupported_media_type()
        try:
            text = request.body.decode("utf-8")
        except RequestDataTooBig as exc:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            raise JiesuError(
                "payload_too_large",
                _("请求内容过大：不能超过%(kb)s KB。") % {"kb": limit // 1024},
                status=413,
            ) from exc
        except UnicodeDecodeError:
            raise _unsupported_media_type() from None
        try:
            parsed = json.loads(text)
        except ValueError:
            return  # not JSON: the API answers bad_request
        inputs.check_json(parsed)


class ApiJsonErrorsMiddleware:
    """Under /api/ every error is JSON with a stable code: an unknown path (Django's HTML 404)
    and a wrong method (Ninja's plain-text 405) are turned into the API's error shape. Every
    answer under /api/ is marked ``Cache-Control: no-store``."""

    PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.PREFIX):
            # answers carry personal data (callers, phones, addresses): never kept by a cache
            response["Cache-Control"] = "no-store"
        if (
            response.status_code not in (404, 405)
            or not request.path.startswith(self.PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        if response.status_code == 404:
            body = {
                "code": "not_found",
                "message": _("接口不存在：%(method)s %(path)s。")
                % {"method": request.method, "path": request.path},
            }
            return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
        allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
        body = {
            "code": "method_not_allowed",
            "message": (
                _("该接口不支持 %(method)s 方法，可用：%(allowed)s。")
                % {"method": request.method, "allowed": "、".join(allowed)}
                if allowed
                else _("该接口不支持 %(method)s 方法。") % {"method": request.method}
            ),
            "allowed": allowed,
        }
        json_response = JsonResponse(body, status=405, json_dumps_params={"ensure_ascii": False})
        if allowed:
            json_response["Allow"] = ", ".join(allowed)
        return json_response
