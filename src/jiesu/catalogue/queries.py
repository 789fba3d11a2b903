from __future__ import annotations

from jiesu.catalogue.models import Category, Route
from jiesu.organisation.models import Region


def route_for(category: Category, region: Region | None) -> Route | None:
    """The most specific route: the region (then its parents) before the city-wide default,
    the category before its parents."""
    regions: list[Region | None] = []
    r = region
    while r is not None:
        regions.append(r)
        r = r.parent
    regions.append(None)
    cat: Category | None = category
    while cat is not None:
        routes = {
            route.region_id: route
            for route in Route.objects.filter(category=cat)
            .select_related("main_unit__region")
            .prefetch_related("assist_units")
        }
        for reg in regions:
            route = routes.get(reg.pk if reg else None)
            if route is not None:
                return route
        cat = cat.parent
    return None
