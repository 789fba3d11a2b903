from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from jiesu.catalogue.models import Category, Route

router = Router(tags=["categories"])


class RouteOut(Schema):
    region: str | None
    main_unit: str
    assist_units: list[str]


class CategoryOut(Schema):
    code: str
    name: str
    parent: str | None
    legal_time_limit_days: int | None
    utility: bool
    routes: list[RouteOut]


@router.get("/categories", response=list[CategoryOut], summary=_("派单目录"))
def list_categories(request):
    routes: dict[int, list[dict]] = {}
    for route in Route.objects.select_related("region", "main_unit").prefetch_related(
        "assist_units"
    ):
        routes.setdefault(route.category_id, []).append(
            {
                "region": route.region.code if route.region else None,
                "main_unit": route.main_unit.code,
                "assist_units": sorted(u.code for u in route.assist_units.all()),
            }
        )
    return [
        {
            "code": c.code,
            "name": c.name,
            "parent": c.parent.code if c.parent else None,
            "legal_time_limit_days": c.legal_time_limit_days,
            "utility": c.utility,
            "routes": routes.get(c.pk, []),
        }
        for c in Category.objects.filter(active=True).select_related("parent").order_by("code")
    ]
