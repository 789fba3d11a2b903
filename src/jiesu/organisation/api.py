from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from jiesu.organisation.models import Unit

router = Router(tags=["units"])


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    region: str
    parent: str | None
    handling_unit: bool


@router.get("/units", response=list[UnitOut], summary=_("单位列表"))
def list_units(request, kind: str | None = None, region: str | None = None):
    qs = Unit.objects.filter(active=True).select_related("region", "parent").order_by("code")
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region__code=region)
    return [
        {
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "kind_label": u.get_kind_display(),
            "region": u.region.code,
            "parent": u.parent.code if u.parent else None,
            "handling_unit": u.kind != "village",
        }
        for u in qs
    ]
