"""The audit of integration calls: one ``Call`` row for every request that asked for an
integration credential (``auth.key_for_request``) or hit an audited open endpoint
(``auth.mark_audited``), written after the response, whatever its status."""

from __future__ import annotations

from django.utils import timezone

from jiesu.core.clients import client_key
from jiesu.integrations.models import Call


class CallAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "integration_call", False):
            principal = getattr(request, "integration", None)
            Call.objects.create(
                key=principal.key if principal else None,
                credential=principal.credential if principal else "",
                method=request.method[:8],
                path=request.path[:200],
                status=response.status_code,
                client=client_key(request),
                at=timezone.now(),
            )
        return response
