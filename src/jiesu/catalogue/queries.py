from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _

from jiesu.catalogue.models import Category, Route
from jiesu.core.errors import ValidationFailed
from jiesu.organisation.choices import RegionLevel, UnitKind
from jiesu.organisation.models import Region, Unit
from jiesu.organisation.rules import check_handling_unit


def route_for(category: Category, region: Region | None) -> Route | None:
    """The most specific route: the region (then its parents) before the city-wide default,
    the category before its parents."""
    return most_specific_route(
        lambda cat: {
            route.region_id: route
            for route in Route.objects.filter(category=cat)
            .select_related("main_unit__region")
            .prefetch_related("assist_units")
        },
        category,
        region,
    )


def most_specific_route(
    routes_of: Callable[[Category], Mapping[int | None, Route]],
    category: Category,
    region: Region | None,
) -> Route | None:
    """``route_for`` over any source of a category's routes by region id (``None``: the
    city-wide default), e.g. a table held in the process."""
    regions: list[Region | None] = []
    r = region
    while r is not None:
        regions.append(r)
        r = r.parent
    regions.append(None)
    cat: Category | None = category
    while cat is not None:
        routes = routes_of(cat)
        for reg in regions:
            route = routes.get(reg.pk if reg else None)
            if route is not None:
                return route
        cat = cat.parent
    return None


def _for_platform(unit: Unit, platform: Unit) -> Unit | None:
    """The unit ``platform`` hands the matter to when the route names ``unit`` (R3): the unit
    itself where the platform may dispatch to it; for the city platform, a county unit's own
    county platform (属地管理); else none."""
    try:
        check_handling_unit(platform, unit)
    except ValidationFailed:
        pass
    else:
        return unit
    if platform.is_city_platform and unit.region.level == RegionLevel.COUNTY:
        return (
            Unit.objects.select_related("region")
            .filter(kind=UnitKind.PLATFORM, region_id=unit.region_id, active=True)
            .first()
        )
    return None


def proposal_for(
    category: Category, region: Region | None, platform: Unit
) -> tuple[Unit, list[Unit]] | None:
    """The main and assisting units the catalogue proposes to ``platform`` (R6), each one a
    unit it may dispatch to (R3): a county-level route (naming a county department or a
    township) proposes that unit to its county platform, and the county platform to the city
    platform. A route that names the platform itself proposes nothing to it."""
    route = route_for(category, region)
    if route is None:
        return None
    main = _for_platform(route.main_unit, platform)
    if main is None or main.pk == platform.pk:
        return None
    assists: list[Unit] = []
    for unit in route.assist_units.select_related("region"):
        mapped = _for_platform(unit, platform)
        if mapped is not None and mapped.pk not in {main.pk, *(u.pk for u in assists)}:
            assists.append(mapped)
    return main, assists


def category_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The active catalogue for a select, grouped by industry (R6). Each group opens with the
    industry itself — a request may be filed under it while the matter is still unclear, and a
    classifier trained on history may propose it (issue 9) — followed by its matters."""
    rows = list(
        Category.objects.filter(active=True)
        .order_by("code")
        .values_list("pk", "code", "name", "parent_id")
    )
    parent_of = {pk: parent for pk, _code, _name, parent in rows}

    def industry(pk: int) -> int:  # the topmost active item above (a switched-off one cuts)
        while parent_of.get(pk) in parent_of:
            pk = parent_of[pk]
        return pk

    groups: dict[int, list[tuple[str, str]]] = {}
    for pk, code, name, _parent in rows:
        top = industry(pk)
        if top == pk:
            groups.setdefault(pk, []).insert(0, (code, _("%(name)s（大类）") % {"name": name}))
        else:
            groups.setdefault(top, []).append((code, name))
    names = {pk: name for pk, _code, name, _parent in rows}
    return [(names[pk], options) for pk, options in groups.items()]
