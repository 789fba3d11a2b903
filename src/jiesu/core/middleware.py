from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse


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
            limit = settings.JIESU_MAX_UPLOAD_BYTES  # file uploads, e.g. a return's stamped statement
        if limit is not None and length > limit:
            return JsonResponse(
                {"code": "payload_too_large", "message": f"请求内容过大：不能超过{limit // 1024} KB。"},
                status=413,
                json_dumps_params={"ensure_ascii": False},
            )
        return self.get_response(request)


class ApiJsonErrorsMiddleware:
    """Under /api/ every error is JSON with a stable code: an unknown path (Django's HTML 404)
    and a wrong method (Ninja's plain-text 405) are turned into the API's error shape."""

    PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code not in (404, 405)
            or not request.path.startswith(self.PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        if response.status_code == 404:
            body = {"code": "not_found", "message": f"接口不存在：{request.method} {request.path}。"}
            return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
        allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
        body = {
            "code": "method_not_allowed",
            "message": f"该接口不支持 {request.method} 方法" + (f"，可用：{'、'.join(allowed)}。" if allowed else "。"),
            "allowed": allowed,
        }
        json_response = JsonResponse(body, status=405, json_dumps_params={"ensure_ascii": False})
        if allowed:
            json_response["Allow"] = ", ".join(allowed)
        return json_response
